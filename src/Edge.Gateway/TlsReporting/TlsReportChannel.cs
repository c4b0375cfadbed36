// TlsReportChannel: how a report reached Edge (RFC 8460 3): POSTed over HTTP(S), or mailed to a rua mailbox.
namespace Edge.Gateway.TlsReporting;

/// <summary>The <c>channel</c> label; indexes <see cref="TlsReportLabels.Channels"/>.</summary>
internal enum TlsReportChannel : byte
{
    Https,
    Mail,
}
