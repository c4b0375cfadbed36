// OpenRelayValidator: the embedded defaults and deploy/edge.production.json pass; every open-relay shape is refused
// with the key and the fix named; Edge:AllowOpenRelay=true acknowledges it with a warning; and over a real socket,
// the defaults answer a foreign recipient 550 5.7.1 with nothing delivered.
using Edge.Gateway.Configuration;
using Edge.Gateway.Tests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Policy;

public sealed class OpenRelayValidatorTests
{
    private static EdgeOptions Options(string role = "mx", params string[] domains)
    {
        var options = new EdgeOptions
        {
            Listeners = { new ListenerOptions { Name = "mx", Endpoint = "127.0.0.1:2525", Mode = "starttls", Role = role } },
            Delivery = { Directory = "/tmp/inbox" },
        };
        options.AcceptedDomains.AddRange(domains.Length == 0 ? ["example.com"] : domains);
        return options;
    }

    private static ValidateOptionsResult Validate(EdgeOptions options, ILogger<OpenRelayValidator>? logger = null) =>
        new OpenRelayValidator(logger ?? NullLogger<OpenRelayValidator>.Instance).Validate(null, options);

    private static EdgeOptions BindFiles(params string[] files)
    {
        var config = new ConfigurationBuilder();
        EdgeConfigurationSources.AddSources(
            config, AppContext.BaseDirectory, environmentName: null, files,
            environmentPrefix: "EDGE_TEST_" + Guid.NewGuid().ToString("N") + "_", commandLine: []);
        var options = new EdgeOptions();
        config.Build().GetSection(EdgeOptions.SectionName).Bind(options);
        return options;
    }

    [Fact]
    public void Validate_EmbeddedDefaults_Succeeds()
    {
        ValidateOptionsResult result = Validate(BindFiles());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_ProductionExample_Succeeds()
    {
        ValidateOptionsResult result = Validate(BindFiles(ConfigurationTestFiles.ProductionConfigPath()));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("*", "every domain")]
    [InlineData("*.com", "a whole top-level domain")]
    [InlineData("*.org.", "a whole top-level domain")]
    public void Validate_OpenAcceptedDomain_FailsNamingKeyAndFix(string pattern, string what)
    {
        ValidateOptionsResult result = Validate(Options("mx", "example.com", pattern));

        string failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Edge:AcceptedDomains:1: '{pattern}' accepts mail for {what}", failure, StringComparison.Ordinal);
        Assert.Contains("Edge:AllowOpenRelay=true", failure, StringComparison.Ordinal);
        Assert.Contains("list the domains", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("*.example.com")]
    [InlineData("*.co.uk")] // below a top-level domain: not detectable without a public suffix list, and not a blanket wildcard
    public void Validate_ScopedAcceptedDomain_Succeeds(string pattern)
    {
        Assert.True(Validate(Options("mx", pattern)).Succeeded);
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public void Validate_ProxyTrustingEveryAddressOnMx_Fails(string network)
    {
        EdgeOptions options = Options();
        options.Listeners[0].ProxyProtocol = true;
        options.Listeners[0].TrustedProxies.AddRange(["10.0.0.5", network]);

        string failure = Assert.Single(Validate(options).Failures!);

        Assert.StartsWith($"Edge:Listeners:0:TrustedProxies:1: '{network}' trusts every address", failure, StringComparison.Ordinal);
        Assert.Contains("Edge:AllowOpenRelay=true", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProxyTrustingBalancerNetwork_Succeeds()
    {
        EdgeOptions options = Options();
        options.Listeners[0].ProxyProtocol = true;
        options.Listeners[0].TrustedProxies.AddRange(["10.0.0.0/8", "2001:db8::/32"]);

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_NoMxListener_WildcardIsNotARelayConcern()
    {
        Assert.True(Validate(Options("submission", "*")).Succeeded);
    }

    [Fact]
    public void Validate_Acknowledged_SucceedsAndWarnsPerFinding()
    {
        EdgeOptions options = Options("mx", "*");
        options.Listeners[0].ProxyProtocol = true;
        options.Listeners[0].TrustedProxies.Add("0.0.0.0/0");
        options.AllowOpenRelay = true;
        var logger = new CapturingLogger();

        ValidateOptionsResult result = Validate(options, logger);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(2, logger.Warnings.Count);
        Assert.All(logger.Warnings, w => Assert.StartsWith("OPEN RELAY acknowledged by Edge:AllowOpenRelay=true", w, StringComparison.Ordinal));
    }

    [Fact]
    public void EdgeOptionsValidator_StarIsNotASyntaxError_SoOnlyTheRelayGuardDecides()
    {
        Assert.True(new EdgeOptionsValidator().Validate(null, Options("mx", "*")).Succeeded);
    }

    [Fact]
    public async Task Start_WildcardWithoutAcknowledgement_Refused()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PolicyHost.StartAsync([], "--Edge:AcceptedDomains:0=*"));

        Assert.Contains(error.Failures, f => f.StartsWith("Edge:AcceptedDomains:0: '*'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mx_DefaultDomains_ForeignRecipientRelayingDenied()
    {
        await using PolicyHost host = await PolicyHost.StartAsync([]);
        await using RawSmtpClient client = await RawSmtpClient.ConnectAsync(host.Mx);

        Assert.StartsWith("220 ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await client.CommandAsync("MAIL FROM:<a@sender.test>"), StringComparison.Ordinal);
        Assert.StartsWith("550 5.7.1 ", await client.CommandAsync("RCPT TO:<victim@foreign.test>"), StringComparison.Ordinal);
        Assert.StartsWith("5", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("221 ", await client.CommandAsync("QUIT"), StringComparison.Ordinal);
        await host.WaitForNoActiveConnectionsAsync();
        Assert.Empty(host.DeliveredMessages());
    }

    [Fact]
    public async Task Mx_AcknowledgedStar_AcceptsForeignRecipient()
    {
        await using PolicyHost host = await PolicyHost.StartAsync([], "--Edge:AcceptedDomains:0=*", "--Edge:AllowOpenRelay=true");
        await using RawSmtpClient client = await RawSmtpClient.ConnectAsync(host.Mx);

        Assert.StartsWith("220 ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await client.CommandAsync("MAIL FROM:<a@sender.test>"), StringComparison.Ordinal);
        Assert.StartsWith("250 ", await client.CommandAsync("RCPT TO:<anyone@foreign.test>"), StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger<OpenRelayValidator>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
