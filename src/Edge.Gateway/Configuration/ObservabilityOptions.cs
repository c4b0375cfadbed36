// ObservabilityOptions: "Edge:Observability", settings of what Edge remembers to observe its peers. The TLS
// history (client address / HELO name -> last TLS use, last failed handshake) drives downgrade detection; it is
// in process, bounded by TlsHistorySize entries per table, and forgets entries older than TlsHistoryWindow.
namespace Edge.Gateway.Configuration;

/// <summary>Observability settings (<c>Edge:Observability</c>).</summary>
public sealed class ObservabilityOptions
{
    /// <summary>Most entries kept per TLS history table (client addresses; HELO names); least recently seen go first. 0 disables the history. Default 100000.</summary>
    public int TlsHistorySize { get; set; } = 100_000;

    /// <summary>How long a peer's TLS use (or failed handshake) counts when it later sends in plaintext, <c>d.hh:mm:ss</c>. Default 7 days.</summary>
    public TimeSpan TlsHistoryWindow { get; set; } = TimeSpan.FromDays(7);
}
