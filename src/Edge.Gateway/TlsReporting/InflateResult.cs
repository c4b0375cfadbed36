// InflateResult: the outcome of ReportInflater.
namespace Edge.Gateway.TlsReporting;

/// <summary>How inflating a gzip report went.</summary>
internal enum InflateResult : byte
{
    Ok,

    /// <summary>Not gzip, or a corrupt or truncated stream.</summary>
    BadGzip,

    /// <summary>Inflates beyond the limit: a decompression bomb (or just too big a report).</summary>
    Bomb,
}
