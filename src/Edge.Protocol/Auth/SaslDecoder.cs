// SaslDecoder: the client responses of the SASL mechanisms Edge offers (RFC 4954 4): base64 lines, PLAIN's
// "authzid NUL authcid NUL passwd" (RFC 4616 2), LOGIN's single values. Pure; decodes into a caller's buffer.
using System.Buffers;
using System.Buffers.Text;

namespace Edge.Protocol.Auth;

/// <summary>Decodes SASL responses without allocating.</summary>
public static class SaslDecoder
{
    /// <summary>RFC 4954 4: a client response of <c>*</c> cancels the exchange.</summary>
    public static bool IsCancel(ReadOnlySpan<byte> line) => line.Length == 1 && line[0] == (byte)'*';

    /// <summary>
    /// Decodes one base64 response into <paramref name="destination"/>. <c>=</c> alone is the empty response
    /// (RFC 4954 4). Returns false for anything that is not strict base64 or does not fit.
    /// </summary>
    public static bool TryDecodeBase64(ReadOnlySpan<byte> line, Span<byte> destination, out int written)
    {
        written = 0;
        if (line.Length == 1 && line[0] == (byte)'=')
        {
            return true;
        }

        if (line.IsEmpty || line.Length % 4 != 0)
        {
            return false;
        }

        var status = Base64.DecodeFromUtf8(line, destination, out var consumed, out written);
        return status == OperationStatus.Done && consumed == line.Length;
    }

    /// <summary>
    /// Splits a decoded PLAIN message (RFC 4616 2: <c>[authzid] NUL authcid NUL passwd</c>). The authentication
    /// identity and password must be non-empty and contain no NUL; an authorization identity, if given, must
    /// equal the authentication identity (Edge does not let one user act as another).
    /// </summary>
    public static bool TrySplitPlain(ReadOnlySpan<byte> message, out Range authcid, out Range password)
    {
        authcid = password = default;
        var first = message.IndexOf((byte)0);
        if (first < 0)
        {
            return false;
        }

        var rest = message[(first + 1)..];
        var second = rest.IndexOf((byte)0);
        if (second <= 0)
        {
            return false;
        }

        var passwordStart = first + 1 + second + 1;
        if (passwordStart >= message.Length || message[passwordStart..].IndexOf((byte)0) >= 0)
        {
            return false;
        }

        authcid = new Range(first + 1, first + 1 + second);
        password = new Range(passwordStart, message.Length);
        var authzid = message[..first];
        return authzid.IsEmpty || authzid.SequenceEqual(message[authcid]);
    }
}
