// MailKitClient: MailKit's SmtpClient connected to a GatewayHost listener (self-signed certificate accepted), and
// the octets MailKit puts between DATA and the final dot: the prepared MimeMessage written with the format
// options MailKit's SmtpClient uses (CRLF, Content-Length/Bcc/Resent-Bcc hidden).
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Edge.Gateway.Tests.Support;

internal static class MailKitClient
{
    public static async Task<SmtpClient> ConnectAsync(IPEndPoint endPoint, SecureSocketOptions security)
    {
        var client = new SmtpClient
        {
            ServerCertificateValidationCallback = static (_, _, _, _) => true,
            CheckCertificateRevocation = false,
            Timeout = (int)RawSmtpClient.IoTimeout.TotalMilliseconds * 2,
            LocalDomain = "client.test",
        };
        try
        {
            using var cts = new CancellationTokenSource(RawSmtpClient.IoTimeout * 2);
            await client.ConnectAsync(endPoint.Address.ToString(), endPoint.Port, security, cts.Token);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A small text message to <c>user@localhost</c>.</summary>
    public static MimeMessage TextMessage(string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.test"));
        message.To.Add(new MailboxAddress("User", "user@localhost"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    /// <summary>
    /// What MailKit sent as content, before dot-stuffing: call after SendAsync (which prepares the message for the
    /// server's extensions in place, e.g. picking 8bit with 8BITMIME).
    /// </summary>
    public static byte[] SentBytes(MimeMessage message)
    {
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.HiddenHeaders.Add(HeaderId.ContentLength);
        options.HiddenHeaders.Add(HeaderId.ResentBcc);
        options.HiddenHeaders.Add(HeaderId.Bcc);
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }
}
