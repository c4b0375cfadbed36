// TlsRptOptions: "Edge:TlsRpt", intake of SMTP TLS reports (RFC 8460): the HTTP(S) POST path, the rua mailboxes
// whose mail passing through Edge is read on the side, and the size limits that keep hostile reports harmless.
// Validated at start-up by TlsRptOptionsValidator (each key named).
namespace Edge.Gateway.Configuration;

/// <summary>TLS report intake (<c>Edge:TlsRpt</c>).</summary>
public sealed class TlsRptOptions
{
    /// <summary>URL path reports are POSTed to (default <c>/tlsrpt</c>); <c>{Path}/reports</c> lists recent reports. Empty: no HTTP intake.</summary>
    public string? Path { get; set; } = "/tlsrpt";

    /// <summary>rua mailboxes (<c>tlsrpt@example.com</c>): messages to them are relayed as usual and their report attachment is read.</summary>
    public List<string> Mailboxes { get; init; } = [];

    /// <summary>Largest POST body accepted, in octets, as sent (compressed for gzip). Default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest report JSON accepted after decompression, in octets; a gzip body inflating beyond it is a bomb. Default 8 MiB.</summary>
    public int MaxReportBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest message to a report mailbox that is copied for reading (bigger ones are still relayed, not read). Default 2 MiB.</summary>
    public int MaxMessageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>POSTed reports read and parsed at once; more get 503 with Retry-After (reason busy). Default 4.</summary>
    public int MaxConcurrent { get; set; } = 4;

    /// <summary>How many recent reports <c>{Path}/reports</c> lists (newest first). Default 100; 0 keeps none.</summary>
    public int KeepLast { get; set; } = 100;
}
