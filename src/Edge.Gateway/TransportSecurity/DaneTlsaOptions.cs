// DaneTlsaOptions: one "Edge:Dane:Tlsa:N" entry, a TLSA record the operator has published for one host.
namespace Edge.Gateway.TransportSecurity;

/// <summary>A configured TLSA record.</summary>
public sealed class DaneTlsaOptions
{
    /// <summary>The MX host (the record is <c>_25._tcp.&lt;Host&gt;</c>).</summary>
    public string Host { get; set; } = "";

    /// <summary>Presentation form: usage, selector, matching type, hex data, e.g. <c>3 1 1 0123…</c>.</summary>
    public string Record { get; set; } = "";
}
