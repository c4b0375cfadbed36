// ReportMail: TLS report messages as RFC 8460 5.3 shapes them: multipart/report; report-type="tlsrpt", a text part,
// and the report as an application/tlsrpt+gzip (or +json) attachment named sender!domain!start!end!id.json[.gz],
// with the TLS-Report-Domain and TLS-Report-Submitter headers.
using MimeKit;

namespace Edge.Gateway.Tests.TlsReporting;

internal static class ReportMail
{
    public const string Mailbox = "tlsrpt@example.com";

    /// <summary>A report message carrying <paramref name="attachment"/> as <paramref name="mediaSubtype"/> (tlsrpt+gzip, tlsrpt+json, ...).</summary>
    public static MimeMessage Create(byte[] attachment, string mediaSubtype = "tlsrpt+gzip", string to = Mailbox)
    {
        var message = Envelope(to);
        var report = new Multipart("report");
        report.ContentType.Parameters.Add("report-type", "tlsrpt");
        report.Add(new TextPart("plain") { Text = "This is an aggregate TLS report from sender.example\r\n" });
        var extension = mediaSubtype.EndsWith("gzip", StringComparison.Ordinal) ? ".json.gz" : ".json";
        report.Add(new MimePart("application", mediaSubtype)
        {
            Content = new MimeContent(new MemoryStream(attachment)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "sender.example!example.com!1459468800!1459555199!001" + extension,
        });
        message.Body = report;
        return message;
    }

    /// <summary>A message to the report mailbox with only text (no report).</summary>
    public static MimeMessage TextOnly(string text, string to = Mailbox)
    {
        var message = Envelope(to);
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    private static MimeMessage Envelope(string to)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("TLS reporting", "tlsrpt-noreply@sender.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = "Report Domain: example.com Submitter: sender.example Report-ID: <001@sender.example>";
        message.Headers.Add("TLS-Report-Domain", "example.com");
        message.Headers.Add("TLS-Report-Submitter", "sender.example");
        message.MessageId = Guid.NewGuid().ToString("N") + "@sender.example";
        return message;
    }
}
