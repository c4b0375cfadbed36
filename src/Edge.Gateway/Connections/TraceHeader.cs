// TraceHeader: builds Edge's Received header for the current transaction from the session and envelope
// (RFC 5321 4.4) and writes it as the first content a sink receives.
using System.Buffers;
using System.Globalization;
using System.Text;
using Edge.Gateway.Delivery;
using Edge.Gateway.Transactions;

namespace Edge.Gateway.Connections;

/// <summary>Writes the Received header of a transaction.</summary>
internal static class TraceHeader
{
    /// <summary>Writes the header into <paramref name="output"/>; id and recipient are formatted on the stack, no strings.</summary>
    public static void Write(IBufferWriter<byte> output, SessionInfo session, Envelope envelope, string hostname)
    {
        ReadOnlySpan<byte> single = default;
        if (envelope.AcceptedCount == 1)
        {
            for (var i = 0; i < envelope.RecipientCount; i++)
            {
                if (envelope.IsAccepted(i))
                {
                    single = envelope.Recipient(i);
                    break;
                }
            }
        }

        // The parser bounds a path (SmtpLimits.MaxPathLength); UTF-8 never decodes to more chars than bytes.
        char[]? rented = null;
        Span<char> recipient = single.Length <= 1024 ? stackalloc char[single.Length] : (rented = ArrayPool<char>.Shared.Rent(single.Length));
        recipient = recipient[..Encoding.UTF8.GetChars(single, recipient)];

        Span<char> id = stackalloc char[ReceivedHeader.MaxIdLength + 24];
        var idLength = FormatMessageId(id, session);

        var info = new ReceivedHeaderInfo(
            session.Helo,
            session.Client,
            hostname,
            session.Extended,
            session.AuthenticatedAs is not null,
            session.TlsProtocol,
            session.TlsCipher,
            string.Empty,
            null,
            DateTimeOffset.Now)
        {
            Utf8 = envelope.SmtpUtf8,
        };
        ReceivedHeader.Write(output, info, id[..idLength], recipient);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    // The message id Edge uses in Received and logs (MessageLogState): "<connection id>.<transaction number>", truncated
    // like the header's cap would.
    private static int FormatMessageId(Span<char> destination, SessionInfo session)
    {
        var connection = session.ConnectionId.AsSpan();
        if (connection.Length > ReceivedHeader.MaxIdLength)
        {
            connection = connection[..ReceivedHeader.MaxIdLength];
        }

        connection.CopyTo(destination);
        var length = connection.Length;
        destination[length++] = '.';
        session.TransactionNumber.TryFormat(destination[length..], out var written, default, CultureInfo.InvariantCulture);
        return length + written;
    }
}
