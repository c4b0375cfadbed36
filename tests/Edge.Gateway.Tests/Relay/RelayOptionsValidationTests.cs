// RelayOptionsValidationTests: the relay's configuration keys (Edge:Relay, and the pool/TLS keys added to
// Edge:Backends:N) are validated at start-up with the key named, and parse into the runtime snapshots.
using Edge.Gateway.Configuration;
using Edge.Gateway.Relay;

namespace Edge.Gateway.Tests.Relay;

public sealed class RelayOptionsValidationTests
{
    [Theory]
    [InlineData("starttls", BackendTlsMode.StartTls)]
    [InlineData("starttls-required", BackendTlsMode.StartTls)]
    [InlineData("STARTTLS-Opportunistic", BackendTlsMode.StartTlsOpportunistic)]
    [InlineData("implicit", BackendTlsMode.ImplicitTls)]
    [InlineData("implicit-tls", BackendTlsMode.ImplicitTls)]
    [InlineData("none", BackendTlsMode.None)]
    public void TryParseBackendTls_Spellings_Parsed(string text, BackendTlsMode expected)
    {
        Assert.True(OptionValueParser.TryParseBackendTls(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void Validate_BadRelayAndPoolValues_EachKeyNamed()
    {
        var options = Valid();
        options.Relay.Policy = "random";
        options.Relay.FailureThreshold = 0;
        options.Relay.FinalReplyTimeout = TimeSpan.Zero;
        options.Backends[0].MaxConnections = 0;
        options.Backends[0].IdleTimeout = TimeSpan.FromHours(2);
        options.Backends[0].TlsFingerprint = "AB:CD";
        options.Backends[0].TlsServerName = "not a name";

        var result = new EdgeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Edge:Relay:Policy: 'random' is not one of round-robin, least-outstanding", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Relay:FailureThreshold: 0 is out of range 1..1000", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Relay:FinalReplyTimeout:", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Backends:0:MaxConnections: 0 is out of range", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Backends:0:IdleTimeout:", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Backends:0:TlsFingerprint: not a SHA-256 fingerprint", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Backends:0:TlsServerName: 'not a name' is not a host name", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProbeKeys_EachKeyNamed()
    {
        var options = Valid();
        options.Relay.ProbeInterval = TimeSpan.FromMinutes(10);
        options.Relay.ProbeMaxBackoff = TimeSpan.FromMinutes(1);
        options.Relay.ProbeTimeout = TimeSpan.Zero;

        var message = new EdgeOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("Edge:Relay:ProbeMaxBackoff: 00:01:00 is shorter than Edge:Relay:ProbeInterval (00:10:00)", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Relay:ProbeTimeout:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Edge:Relay:ProbeInterval:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RoutesWithUnknownGroupsOrBadDomains_EachKeyNamed()
    {
        var options = Valid();
        options.Backends[0].Group = "farm";
        options.Relay.DefaultGroup = "nowhere";
        options.Relay.Routes.Add(new RelayRouteOptions { Domains = { "example.org", "*.bad..name" }, Group = "elsewhere" });
        options.Relay.Routes.Add(new RelayRouteOptions { Group = "farm" });
        options.Relay.Routes.Add(new RelayRouteOptions { Domains = { "*.example.net" }, Group = "FARM" });

        var message = new EdgeOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains("Edge:Relay:DefaultGroup: 'nowhere' is not the Group of any backend (Edge:Backends:N:Group)", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Relay:Routes:0:Group: 'elsewhere' is not the Group of any backend", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Relay:Routes:0:Domains:1: '*.bad..name' is not a domain", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Edge:Relay:Routes:0:Domains:0", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Relay:Routes:1:Domains: at least one domain is required", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Edge:Relay:Routes:2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new EdgeOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Fact]
    public void FromOptions_PoolAndTlsKeys_InSnapshot()
    {
        var options = Valid();
        options.Backends[0].Tls = "starttls";
        options.Backends[0].TlsFingerprint = string.Join(":", Enumerable.Repeat("AB", 32));
        options.Backends[0].TlsVerify = false;
        options.Backends[0].MaxConnections = 7;
        options.Backends[0].MaxTransactionsPerConnection = 9;
        options.Relay.Policy = "least-outstanding";
        options.Relay.CommandTimeout = TimeSpan.FromSeconds(3);

        var backend = Assert.Single(BackendSettings.FromOptions(options));
        var relay = RelaySettings.FromOptions(options);

        Assert.Equal(BackendTlsMode.StartTls, backend.Tls);
        Assert.Equal(Enumerable.Repeat((byte)0xAB, 32), backend.TlsFingerprint.ToArray());
        Assert.False(backend.TlsVerify);
        Assert.Equal((7, 9), (backend.MaxConnections, backend.MaxTransactionsPerConnection));
        Assert.Equal("least-outstanding", relay.Policy);
        Assert.Equal(TimeSpan.FromSeconds(3), relay.CommandTimeout);
        Assert.Equal("mx.example.com"u8.ToArray(), relay.Hostname);
    }

    private static EdgeOptions Valid()
    {
        var options = new EdgeOptions { Hostname = "mx.example.com" };
        options.Listeners.Add(new ListenerOptions { Name = "mx", Endpoint = "127.0.0.1:0", Mode = "plain" });
        options.AcceptedDomains.Add("example.com");
        options.Backends.Add(new BackendOptions { Endpoint = "127.0.0.1:2526" });
        return options;
    }
}
