// TlsReportMailReader: finds the report in a message to a rua mailbox (RFC 8460 5.3: a multipart/report with
// report-type "tlsrpt" whose report part is application/tlsrpt+gzip or application/tlsrpt+json). MIME is parsed by
// MimeKit; any part with one of the two types counts (senders differ in the outer structure), and, as a fallback
// for senders that label the file generically, an application/gzip or application/json part named *.json.gz or
// *.json. At most MaxParts report parts are read per message.
using System.Runtime.InteropServices;
using MimeKit;

namespace Edge.Gateway.TlsReporting;

/// <summary>Extracts report attachments from a message.</summary>
internal static class TlsReportMailReader
{
    /// <summary>Report parts read from one message; more are ignored (each may inflate to MaxReportBytes).</summary>
    public const int MaxParts = 10;

    /// <summary>The decoded report parts of <paramref name="message"/> (gzip or JSON), each cut at <paramref name="limit"/>+1 octets.</summary>
    public static List<(ReportBuffer Content, bool Gzip)> Read(ReadOnlyMemory<byte> message, int limit)
    {
        List<(ReportBuffer, bool)> reports = [];
        using var stream = MemoryMarshal.TryGetArray(message, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(message.ToArray(), writable: false);
        try
        {
            var parsed = MimeMessage.Load(ParserOptions.Default, stream);
            foreach (var part in parsed.BodyParts)
            {
                if (reports.Count == MaxParts)
                {
                    break;
                }

                if (part is not MimePart { Content: not null } mime || !TryGetEncoding(mime, out var gzip))
                {
                    continue;
                }

                var content = new ReportBuffer(limit);
                reports.Add((content, gzip));
                using var decoded = new BufferStream(content);
                mime.Content.DecodeTo(decoded);
            }

            return reports;
        }
        catch
        {
            foreach (var (content, _) in reports)
            {
                content.Dispose();
            }

            throw;
        }
    }

    private static bool TryGetEncoding(MimePart part, out bool gzip)
    {
        var type = part.ContentType;
        gzip = type.IsMimeType("application", "tlsrpt+gzip");
        if (gzip || type.IsMimeType("application", "tlsrpt+json"))
        {
            return true;
        }

        var name = part.FileName ?? "";
        if ((type.IsMimeType("application", "gzip") || type.IsMimeType("application", "x-gzip") || type.IsMimeType("application", "octet-stream"))
            && name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase))
        {
            gzip = true;
            return true;
        }

        return type.IsMimeType("application", "json") && name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }
}
