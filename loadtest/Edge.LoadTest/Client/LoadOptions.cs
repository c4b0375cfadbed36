// LoadOptions: one load run, as parsed from the command line. A run is bounded by MaxMessages and/or Duration;
// Rate null means closed loop (every session sends back to back), a value means open loop (a fixed arrival schedule).
using System.Net;

namespace Edge.LoadTest.Client;

/// <summary>Settings of one load run.</summary>
internal sealed record LoadOptions
{
    public required EndPoint Target { get; init; }

    /// <summary>Name sent as SNI and checked against the certificate (unless <see cref="Insecure"/>).</summary>
    public required string ServerName { get; init; }

    public int Sessions { get; init; } = 50;

    /// <summary>Messages to send in total; null = until <see cref="Duration"/> ends.</summary>
    public long? MaxMessages { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>Total message size in octets (headers and body, before the terminating ".").</summary>
    public int MessageSize { get; init; } = 4096;

    public TlsMode Tls { get; init; } = TlsMode.None;

    /// <summary>Messages per second for the open loop; null = closed loop.</summary>
    public double? Rate { get; init; }

    /// <summary>Messages on one connection before reconnecting; 0 = keep the connection for the whole run.</summary>
    public int MessagesPerSession { get; init; }

    public string From { get; init; } = "load@edge-load.test";

    public string To { get; init; } = "sink@localhost";

    public string Ehlo { get; init; } = "load.edge.test";

    /// <summary>Accept any server certificate.</summary>
    public bool Insecure { get; init; }

    /// <summary>Resume TLS sessions across connections (the .NET default); false forces a full handshake on every connection.</summary>
    public bool TlsResume { get; init; } = true;

    /// <summary>Put X-Edge-Load-Hash (SHA-256 of the body) in every message for the sink to check.</summary>
    public bool Verify { get; init; }

    /// <summary>Bound on the wait for in-flight messages once the run is over.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on any single reply; a server silent for longer fails the connection.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
