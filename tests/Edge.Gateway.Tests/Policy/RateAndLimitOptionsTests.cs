// RateAndLimitOptionsTests: configuration of MaxMessagesPerSession, ConnectionRatePerAddress,
// MessageRatePerAddress and a listener's StartTlsInjection: defaults, out-of-range values rejected with their key
// named, and the values reaching each listener's runtime model (REQUIRETLS from the backend settings).
using Edge.Gateway.Configuration;
using Edge.Gateway.Hosting;
using Edge.Gateway.Policy;

namespace Edge.Gateway.Tests.Policy;

public sealed class RateAndLimitOptionsTests
{
    private static EdgeOptions Options(Action<ListenerOptions>? mx = null, Action<LimitsOptions>? limits = null)
    {
        var options = new EdgeOptions
        {
            Listeners =
            {
                new ListenerOptions { Name = "mx", Endpoint = "127.0.0.1:2525", Mode = "starttls", Role = "mx" },
                new ListenerOptions { Name = "plain", Endpoint = "127.0.0.1:2526", Mode = "plain", Role = "mx" },
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
    public void Defaults_RatesOffHundredMessagesDiscard_Valid()
    {
        var options = Options();

        Assert.Empty(Failures(options));
        Assert.Equal(100, options.Limits.MaxMessagesPerSession);
        Assert.Equal(0, options.Limits.ConnectionRatePerAddress);
        Assert.Equal(0, options.Limits.MessageRatePerAddress);
        Assert.Equal("discard", options.Listeners[0].StartTlsInjection);
    }

    [Theory]
    [InlineData("MaxMessagesPerSession", 0)]
    [InlineData("MaxMessagesPerSession", 1_000_001)]
    [InlineData("ConnectionRatePerAddress", -1)]
    [InlineData("ConnectionRatePerAddress", 1_000_001)]
    [InlineData("MessageRatePerAddress", -1)]
    [InlineData("MessageRatePerAddress", 1_000_001)]
    public void Validate_LimitOutOfRange_NamesTheKey(string key, int value)
    {
        var options = Options(limits: l =>
        {
            switch (key)
            {
                case "MaxMessagesPerSession": l.MaxMessagesPerSession = value; break;
                case "ConnectionRatePerAddress": l.ConnectionRatePerAddress = value; break;
                default: l.MessageRatePerAddress = value; break;
            }
        });

        Assert.StartsWith($"Edge:Limits:{key}: {value} is out of range", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("drop")]
    [InlineData("rejects")]
    public void Validate_BadStartTlsInjection_NamesTheKeyAndValues(string value)
    {
        var failure = Assert.Single(Failures(Options(mx => mx.StartTlsInjection = value)));

        Assert.Equal($"Edge:Listeners:0:StartTlsInjection: '{value}' is not one of discard, reject", failure);
    }

    [Theory]
    [InlineData("discard", false)]
    [InlineData("REJECT", true)]
    [InlineData("", false)]
    public void Create_StartTlsInjection_ReachesTheListenerModel(string value, bool reject)
    {
        var options = Options(mx => mx.StartTlsInjection = value, l => l.MaxMessagesPerSession = 7);
        Assert.Empty(Failures(options));

        var mx = ListenerModelFactory.Create(options)[0];

        Assert.Equal(reject ? StartTlsInjectionAction.Reject : StartTlsInjectionAction.Discard, mx.StartTlsInjection);
        Assert.Equal(7, mx.MaxMessagesPerSession);
    }

    [Fact]
    public void Create_VerifiedTlsBackends_RequireTlsOnTlsListenersOnly()
    {
        var options = Options();
        options.Backends.Add(new BackendOptions { Endpoint = "10.0.0.5:25", Tls = "starttls" });
        options.Backends.Add(new BackendOptions { Endpoint = "10.0.0.6:465", Tls = "implicit-tls" });
        Assert.Empty(Failures(options));

        var models = ListenerModelFactory.Create(options);

        Assert.True(models[0].Session.RequireTlsAvailable);
        Assert.False(models[1].Session.RequireTlsAvailable); // a plain listener never has a TLS session
    }

    [Theory]
    [InlineData("none", true)]
    [InlineData("starttls-opportunistic", true)]
    [InlineData("starttls", false)]
    public void Create_AnUnverifiedBackend_NoRequireTls(string tls, bool verify)
    {
        var options = Options();
        options.Backends.Add(new BackendOptions { Endpoint = "10.0.0.5:25", Tls = "starttls" });
        options.Backends.Add(new BackendOptions { Endpoint = "10.0.0.6:25", Tls = tls, TlsVerify = verify });
        Assert.Empty(Failures(options));

        Assert.False(ListenerModelFactory.Create(options)[0].Session.RequireTlsAvailable);
    }

    [Fact]
    public void Create_DirectoryDelivery_NoRequireTls()
    {
        Assert.False(ListenerModelFactory.Create(Options())[0].Session.RequireTlsAvailable);
    }
}
