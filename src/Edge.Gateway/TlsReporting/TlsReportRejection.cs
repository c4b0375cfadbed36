// TlsReportRejection: why a report (or a message to a report mailbox) was not taken; the bounded `reason` label.
namespace Edge.Gateway.TlsReporting;

/// <summary>Indexes <see cref="TlsReportLabels.Reasons"/>.</summary>
internal enum TlsReportRejection : byte
{
    /// <summary>Not JSON (syntax, encoding, nesting deeper than allowed).</summary>
    MalformedJson,

    /// <summary>JSON, but not an RFC 8460 report: a required field missing, a wrong type, an unknown policy type.</summary>
    Schema,

    /// <summary>A body, attachment, JSON report or message above its configured limit.</summary>
    TooLarge,

    /// <summary>gzip that inflates beyond Edge:TlsRpt:MaxReportBytes.</summary>
    Bomb,

    /// <summary>Declared gzip, but not a valid gzip stream.</summary>
    BadGzip,

    /// <summary>A POST whose Content-Type is neither application/tlsrpt+json nor application/tlsrpt+gzip.</summary>
    UnsupportedType,

    /// <summary>A message to a report mailbox without a report attachment.</summary>
    NoReport,

    /// <summary>A message to a report mailbox arrived while the reading queue was full (it was relayed, not read).</summary>
    QueueFull,

    /// <summary>A POST arrived while Edge:TlsRpt:MaxConcurrent others were being read (answered 503, Retry-After).</summary>
    Busy,
}
