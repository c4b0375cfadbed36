// SmtpReply: an SMTP reply encoded once (code, enhanced status, text, CRLF) and reused for every session.
// Replies built at start-up or from configuration; the hot path only copies their bytes.
using System.Text;

namespace Edge.Protocol.Replies;

/// <summary>An immutable, pre-encoded SMTP reply (RFC 5321 4.2, enhanced status codes RFC 3463/2034).</summary>
public sealed class SmtpReply
{
    private readonly byte[] _encoded;

    private SmtpReply(int code, string? enhancedStatus, byte[] encoded)
    {
        Code = code;
        EnhancedStatus = enhancedStatus;
        _encoded = encoded;
    }

    /// <summary>The three-digit reply code.</summary>
    public int Code { get; }

    /// <summary>The enhanced status code (e.g. <c>5.5.2</c>), or null for replies that carry none (220 greeting, EHLO).</summary>
    public string? EnhancedStatus { get; }

    /// <summary>The reply as sent on the wire, every line ending in CRLF.</summary>
    public ReadOnlySpan<byte> Span => _encoded;

    /// <summary>The reply as sent on the wire.</summary>
    public ReadOnlyMemory<byte> Memory => _encoded;

    /// <summary>The class of the reply: 2, 3, 4 or 5.</summary>
    public int Class => Code / 100;

    /// <summary>True for 4xx and 5xx replies.</summary>
    public bool IsError => Code >= 400;

    /// <summary>
    /// Encodes a reply. <paramref name="text"/> may hold several lines separated by <c>\n</c>; each becomes a line
    /// of a multi-line reply (<c>250-...</c> then <c>250 ...</c>), each prefixed with the enhanced status when given.
    /// </summary>
    public static SmtpReply Create(int code, string? enhancedStatus, string text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        ArgumentNullException.ThrowIfNull(text);
        if (enhancedStatus is not null && !EnhancedStatusCode.IsValid(enhancedStatus, code))
        {
            throw new ArgumentException($"'{enhancedStatus}' is not an enhanced status code for reply {code}.", nameof(enhancedStatus));
        }

        var lines = text.Split('\n');
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.AsSpan().IndexOfAny('\r', '\0') >= 0)
            {
                throw new ArgumentException("Reply text must not contain CR or NUL.", nameof(text));
            }

            builder.Append(code).Append(i == lines.Length - 1 ? ' ' : '-');
            if (enhancedStatus is not null)
            {
                builder.Append(enhancedStatus).Append(' ');
            }

            builder.Append(line).Append("\r\n");
        }

        var encoded = Encoding.UTF8.GetBytes(builder.ToString());
        return new SmtpReply(code, enhancedStatus, encoded);
    }

    /// <summary>Wraps bytes that are already a complete, valid reply (used for replies composed at start-up, e.g. EHLO).</summary>
    internal static SmtpReply FromEncoded(int code, byte[] encoded) => new(code, null, encoded);

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(_encoded);
}
