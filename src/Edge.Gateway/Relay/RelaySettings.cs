// RelaySettings: the immutable runtime snapshot of Edge:Relay plus the name Edge greets backends with
// (config -> snapshot, as BackendSettings for each backend).
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary>Relay-wide settings, fixed at start-up.</summary>
internal sealed record RelaySettings
{
    /// <summary>Edge's host name as sent in EHLO (ASCII, validated by the options validator).</summary>
    public required byte[] Hostname { get; init; }

    public required string Policy { get; init; }

    public int FailureThreshold { get; init; } = 3;

    public TimeSpan DownPeriod { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan FinalReplyTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public bool ProbeEnabled { get; init; } = true;

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ProbeMaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How connections reach backends (TCP; in-memory in the benchmarks).</summary>
    public IBackendTransport Transport { get; init; } = SocketBackendTransport.Instance;

    /// <summary>The snapshot of validated options.</summary>
    public static RelaySettings FromOptions(EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var relay = options.Relay;
        return new RelaySettings
        {
            Hostname = Encoding.ASCII.GetBytes(options.Hostname),
            Policy = relay.Policy,
            FailureThreshold = relay.FailureThreshold,
            DownPeriod = relay.DownPeriod,
            ConnectTimeout = relay.ConnectTimeout,
            CommandTimeout = relay.CommandTimeout,
            DataTimeout = relay.DataTimeout,
            FinalReplyTimeout = relay.FinalReplyTimeout,
            ProbeEnabled = relay.ProbeEnabled,
            ProbeInterval = relay.ProbeInterval,
            ProbeTimeout = relay.ProbeTimeout,
            ProbeMaxBackoff = relay.ProbeMaxBackoff,
        };
    }
}
