// Configuration of the connection policy: TrustedProxies entries (addresses and CIDR networks), GreetingDelay and
// MaxConnectionsPerAddress are validated with their keys named, and reach the listener's runtime settings.
using System.Net;
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Policy;

public sealed class PolicyOptionsTests
{
    private static EdgeOptions Options(Action<ListenerOptions>? mx = null, Action<LimitsOptions>? limits = null)
    {
        var options = new EdgeOptions
        {
            Listeners =
            {
                new ListenerOptions { Name = "mx", Endpoint = "127.0.0.1:2525", Mode = "starttls", Role = "mx" },
                new ListenerOptions { Name = "submissions", Endpoint = "127.0.0.1:2465", Mode = "implicit-tls", Role = "submission" },
            },
            AcceptedDomains = { "example.com" },
            Delivery = { Directory = "/tmp/inbox" },
        };
        mx?.Invoke(options.Listeners[0]);
        limits?.Invoke(options.Limits);
        return options;
    }

    private static IEnumerable<string> Failures(EdgeOptions options) =>
        new EdgeOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_ProxyWithTrustedNetworksAndDelay_Succeeds()
    {
        var options = Options(mx =>
        {
            mx.ProxyProtocol = true;
            mx.TrustedProxies.AddRange(["10.0.0.5", "10.0.0.0/8", "2001:db8::/32", "::1"]);
            mx.GreetingDelay = TimeSpan.FromSeconds(6);
        });

        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("10.0.0.1/8")] // host bits after the prefix
    [InlineData("10.0.0.0/33")]
    [InlineData("10.1")] // not a canonical dotted quad
    [InlineData("balancer.example.com")]
    [InlineData("")]
    [InlineData("fe80::1%eth0")]
    public void Validate_BadTrustedProxy_NamesTheEntry(string entry)
    {
        var options = Options(mx =>
        {
            mx.ProxyProtocol = true;
            mx.TrustedProxies.AddRange(["10.0.0.5", entry]);
        });

        string failure = Assert.Single(Failures(options));

        Assert.StartsWith("Edge:Listeners:0:TrustedProxies:1: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProxyProtocolWithoutTrustedProxies_Fails()
    {
        string failure = Assert.Single(Failures(Options(mx => mx.ProxyProtocol = true)));

        Assert.StartsWith("Edge:Listeners:0:TrustedProxies: ProxyProtocol is enabled", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mx", "starttls", -1, "Edge:Listeners:0:GreetingDelay: -00:00:01 is out of range")]
    [InlineData("mx", "plain", 301, "Edge:Listeners:0:GreetingDelay: 00:05:01 is out of range")]
    [InlineData("submission", "starttls", 5, "Edge:Listeners:0:GreetingDelay: only mx listeners")]
    [InlineData("mx", "implicit-tls", 5, "Edge:Listeners:0:GreetingDelay: needs a plaintext greeting")]
    public void Validate_BadGreetingDelay_Fails(string role, string mode, int seconds, string expected)
    {
        var options = Options(mx =>
        {
            mx.Role = role;
            mx.Mode = mode;
            mx.GreetingDelay = TimeSpan.FromSeconds(seconds);
        });

        Assert.StartsWith(expected, Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void Validate_MaxConnectionsPerAddressOutOfRange_Fails(int value)
    {
        var options = Options(limits: l => l.MaxConnectionsPerAddress = value);

        Assert.StartsWith("Edge:Limits:MaxConnectionsPerAddress: ", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void FromOptions_ProxyListener_CarriesParsedNetworksAndDelay()
    {
        var options = Options(mx =>
        {
            mx.ProxyProtocol = true;
            mx.TrustedProxies.AddRange(["10.0.0.5", "2001:db8::/32"]);
            mx.GreetingDelay = TimeSpan.FromSeconds(3);
        });

        ListenerSettings mx = ListenerSettings.FromOptions(options)[0];

        Assert.Equal([new IPNetwork(IPAddress.Parse("10.0.0.5"), 32), IPNetwork.Parse("2001:db8::/32")], mx.TrustedProxies.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(3), mx.GreetingDelay);
        Assert.Equal(50, options.Limits.MaxConnectionsPerAddress);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5", true)]
    [InlineData("10.0.0.5", "10.0.0.6", false)]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "10.0.0.1", false)]
    public void TryParse_Network_ContainsWhatItShould(string entry, string address, bool contained)
    {
        Assert.True(NetworkParser.TryParse(entry, out IPNetwork network));
        Assert.Equal(contained, network.Contains(IPAddress.Parse(address)));
    }
}
