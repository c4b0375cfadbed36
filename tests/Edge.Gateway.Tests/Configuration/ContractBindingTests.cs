// ContractBindingTests: the configuration contract (DESIGN.md) binds key for key; the embedded defaults
// (appsettings.json) and deploy/edge.production.json bind and pass validation.
using System.Net;
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Configuration;

public sealed class ContractBindingTests
{
    [Fact]
    public void Bind_ContractJson_EveryKeyLandsInItsProperty()
    {
        EdgeOptions options = Bind(new ConfigurationBuilder().AddJsonStream(ToStream(ConfigurationTestFiles.ContractJson)).Build());

        Assert.Equal("mx.example.com", options.Hostname);
        Assert.Collection(
            options.Listeners,
            l => AssertListener(l, "mx", "0.0.0.0:25", "starttls", "mx"),
            l => AssertListener(l, "submission", "0.0.0.0:587", "starttls", "submission"),
            l => AssertListener(l, "submissions", "0.0.0.0:465", "implicit-tls", "submission"));
        Assert.All(options.Listeners, l => Assert.False(l.ProxyProtocol));
        Assert.Equal("127.0.0.1:8025", options.Http.Endpoint);
        CertificateOptions certificate = Assert.Single(options.Tls.Certificates);
        Assert.Equal("/etc/edge/mx.pem", certificate.CertPath);
        Assert.Equal("/etc/edge/mx.key", certificate.KeyPath);
        Assert.Equal(["mx.example.com"], certificate.Hosts);
        Assert.Equal(["example.com"], options.AcceptedDomains);
        BackendOptions backend = Assert.Single(options.Backends);
        Assert.Equal(("mta1", "10.0.0.5:25", "none"), (backend.Name, backend.Endpoint, backend.Tls));
        Assert.Equal("./data/inbox", options.Delivery.Directory);
        Assert.Equal(26_214_400, options.Limits.MaxMessageSize);
        Assert.Equal(100, options.Limits.MaxRecipients);
        Assert.True(new EdgeOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Bind_AllLimitAndOverrideKeys_LandInTheirProperties()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Listeners:0:Endpoint"] = "127.0.0.1:2525",
            ["Edge:Listeners:0:ProxyProtocol"] = "true",
            ["Edge:Listeners:0:MaxMessageSize"] = "1048576",
            ["Edge:Listeners:0:MaxConnections"] = "50",
            ["Edge:Limits:MaxCommandLineLength"] = "1024",
            ["Edge:Limits:MaxErrors"] = "3",
            ["Edge:Limits:MaxJunkCommands"] = "4",
            ["Edge:Limits:MaxConnections"] = "500",
            ["Edge:Limits:Timeouts:Greeting"] = "00:00:30",
            ["Edge:Limits:Timeouts:Command"] = "00:01:00",
            ["Edge:Limits:Timeouts:DataBlock"] = "00:02:00",
            ["Edge:Limits:Timeouts:DataTermination"] = "00:04:00",
            ["Edge:Limits:Timeouts:Drain"] = "00:00:05",
            ["Edge:Tls:HandshakeTimeout"] = "00:00:07",
        }).Build();

        EdgeOptions options = Bind(config);

        ListenerOptions listener = Assert.Single(options.Listeners);
        Assert.True(listener.ProxyProtocol);
        Assert.Equal(1_048_576, listener.MaxMessageSize);
        Assert.Equal(50, listener.MaxConnections);
        Assert.Equal((1024, 3, 4, 500), (options.Limits.MaxCommandLineLength, options.Limits.MaxErrors, options.Limits.MaxJunkCommands, options.Limits.MaxConnections));
        TimeoutOptions t = options.Limits.Timeouts;
        Assert.Equal(
            (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(5)),
            (t.Greeting, t.Command, t.DataBlock, t.DataTermination, t.Drain));
        Assert.Equal(TimeSpan.FromSeconds(7), options.Tls.HandshakeTimeout);

        ListenerSettings settings = ListenerSettings.FromOptions(options)[0];
        Assert.Equal(("listener-0", 1_048_576L, 50), (settings.Name, settings.MaxMessageSize, settings.MaxConnections));
    }

    [Fact]
    public void Bind_EmptyConfiguration_UsesCodeDefaults()
    {
        EdgeOptions options = Bind(new ConfigurationBuilder().Build());

        Assert.Equal("localhost", options.Hostname);
        Assert.Equal("127.0.0.1:8025", options.Http.Endpoint);
        Assert.Equal("./data/inbox", options.Delivery.Directory);
        LimitsOptions limits = options.Limits;
        Assert.Equal((26_214_400L, 100, 512, 10, 20), (limits.MaxMessageSize, limits.MaxRecipients, limits.MaxCommandLineLength, limits.MaxErrors, limits.MaxJunkCommands));
        TimeoutOptions t = limits.Timeouts;
        Assert.Equal(
            (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30)),
            (t.Greeting, t.Command, t.DataBlock, t.DataTermination, t.Drain));
    }

    [Fact]
    public void Bind_EmbeddedAppSettings_GivesDefaultListenersAndValidates()
    {
        EdgeOptions options = Bind(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build());

        Assert.True(new EdgeOptionsValidator().Validate(null, options).Succeeded);
        Assert.Collection(
            ListenerSettings.FromOptions(options),
            l => Assert.Equal(new ListenerSettings("mx", new IPEndPoint(IPAddress.Loopback, 2525), ListenerMode.StartTls, ListenerRole.Mx, false, 26_214_400, 10_000), l),
            l => Assert.Equal(new ListenerSettings("submission", new IPEndPoint(IPAddress.Loopback, 2587), ListenerMode.StartTls, ListenerRole.Submission, false, 26_214_400, 10_000), l),
            l => Assert.Equal(new ListenerSettings("submissions", new IPEndPoint(IPAddress.Loopback, 2465), ListenerMode.ImplicitTls, ListenerRole.Submission, false, 26_214_400, 10_000), l));
        Assert.Equal("127.0.0.1:8025", options.Http.Endpoint);
        Assert.Equal(["localhost"], options.AcceptedDomains);
        Assert.Empty(options.Backends);
        Assert.Equal("./data/inbox", options.Delivery.Directory);
    }

    [Fact]
    public void Bind_ProductionExampleOverAppSettings_BindsAllAddressesAndValidates()
    {
        var config = new ConfigurationBuilder();
        EdgeConfigurationSources.AddSources(
            config, AppContext.BaseDirectory, environmentName: null, [ConfigurationTestFiles.ProductionConfigPath()],
            environmentPrefix: "EDGE_TEST_" + Guid.NewGuid().ToString("N") + "_", commandLine: []);
        EdgeOptions options = Bind(config.Build());

        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(
            ["0.0.0.0:25", "0.0.0.0:587", "0.0.0.0:465"],
            ListenerSettings.FromOptions(options).Select(l => l.Endpoint.ToString()));
        Assert.Equal("127.0.0.1:8025", options.Http.Endpoint);
        Assert.NotEmpty(options.Backends);
        Assert.NotEmpty(options.AcceptedDomains);
        Assert.All(options.Tls.Certificates, c => Assert.StartsWith("/etc/edge/", c.CertPath, StringComparison.Ordinal));
        Assert.All(options.Tls.Certificates, c => Assert.StartsWith("/etc/edge/", c.KeyPath, StringComparison.Ordinal));
        Assert.NotEmpty(options.Tls.Certificates);
        Assert.Equal(["mta1", "mta2"], BackendSettings.FromOptions(options).Select(b => b.Name));
    }

    internal static EdgeOptions Bind(IConfiguration configuration)
    {
        var options = new EdgeOptions();
        configuration.GetSection(EdgeOptions.SectionName).Bind(options);
        return options;
    }

    private static void AssertListener(ListenerOptions listener, string name, string endpoint, string mode, string role) =>
        Assert.Equal((name, endpoint, mode, role), (listener.Name, listener.Endpoint, listener.Mode, listener.Role));

    private static MemoryStream ToStream(string json) => new(System.Text.Encoding.UTF8.GetBytes(json));
}
