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
    /// <summary>The message id Edge uses in Received and logs: the connection id and the transaction number.</summary>
    public static string MessageId(SessionInfo session) =>
        string.Create(CultureInfo.InvariantCulture, $"{session.ConnectionId}.{session.TransactionNumber}");

    /// <summary>Writes the header into <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, SessionInfo session, Envelope envelope, string hostname)
    {
        string? single = null;
        if (envelope.AcceptedCount == 1)
        {
            for (var i = 0; i < envelope.RecipientCount; i++)
            {
                if (envelope.IsAccepted(i))
                {
                    single = Encoding.UTF8.GetString(envelope.Recipient(i));
                    break;
                }
            }
        }

        var info = new ReceivedHeaderInfo(
            session.Helo,
            session.Client,
            hostname,
            session.Extended,
            session.AuthenticatedAs is not null,
            session.TlsProtocol,
            session.TlsCipher,
            MessageId(session),
            single,
            DateTimeOffset.Now)
        {
            Utf8 = envelope.SmtpUtf8,
        };
        ReceivedHeader.Write(output, info);
    }
}
