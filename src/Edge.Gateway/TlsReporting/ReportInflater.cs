// ReportInflater: gzip (RFC 1952) to JSON for application/tlsrpt+gzip. SECURITY: decompression bombs: output is read
// in blocks into a ReportBuffer capped at Edge:TlsRpt:MaxReportBytes, and inflating stops at the first octet past
// the cap, so a small body can never make Edge allocate or spin beyond that limit. A stream cut short inflates to a
// cut JSON document, which the parser then refuses.
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Edge.Gateway.TlsReporting;

/// <summary>Bounded gzip inflation.</summary>
internal static class ReportInflater
{
    /// <summary>Inflates <paramref name="gzip"/> into <paramref name="output"/> (whose limit is the cap).</summary>
    public static InflateResult Inflate(ReadOnlyMemory<byte> gzip, ReportBuffer output)
    {
        ArgumentNullException.ThrowIfNull(output);
        // RFC 1952 2.3.1: ID1 ID2 = 0x1f 0x8b, CM = 8 (deflate).
        if (gzip.Length < 18 || gzip.Span[0] != 0x1f || gzip.Span[1] != 0x8b || gzip.Span[2] != 8)
        {
            return InflateResult.BadGzip;
        }

        try
        {
            using var input = MemoryMarshal.TryGetArray(gzip, out var segment)
                ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(gzip.ToArray(), writable: false);
            using var inflater = new GZipStream(input, CompressionMode.Decompress);
            while (true)
            {
                var free = output.GetFreeMemory();
                var read = inflater.Read(free.Span);
                if (read == 0)
                {
                    return InflateResult.Ok;
                }

                output.Advance(read);
                if (output.Overflowed)
                {
                    return InflateResult.Bomb;
                }
            }
        }
        catch (InvalidDataException)
        {
            return InflateResult.BadGzip;
        }
    }
}
