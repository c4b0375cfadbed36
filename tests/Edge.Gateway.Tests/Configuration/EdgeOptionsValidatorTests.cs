// EdgeOptionsValidatorTests: every validation failure names its configuration key; valid edge cases pass.
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Configuration;

public sealed class EdgeOptionsValidatorTests
{
    // Each case breaks one thing in an otherwise valid configuration.
    private static readonly Dictionary<string, Action<EdgeOptions>> Breakers = new()
    {
        ["mode-typo"] = o => o.Listeners[1].Mode = "startls",
        ["role-unknown"] = o => o.Listeners[0].Role = "relay",
        ["endpoint-no-port"] = o => o.Listeners[2].Endpoint = "127.0.0.1",
        ["endpoint-port-too-big"] = o => o.Listeners[0].Endpoint = "127.0.0.1:70000",
        ["endpoint-port-zero-public"] = o => o.Listeners[0].Endpoint = "0.0.0.0:0",
        ["endpoint-hostname"] = o => o.Listeners[0].Endpoint = "mx.example.com:25",
        ["listener-name-invalid"] = o => o.Listeners[0].Name = "mx 1",
        ["listener-name-duplicate"] = o => o.Listeners[1].Name = "MX",
        ["listener-endpoint-duplicate"] = o => o.Listeners[1].Endpoint = "127.0.0.1:2525",
        ["listener-endpoint-wildcard-overlap"] = o => o.Listeners[1].Endpoint = "0.0.0.0:2525",
        ["listener-endpoint-ipv6-any-overlap"] = o => o.Listeners[1].Endpoint = "[::]:2525",
        ["listener-overlaps-http"] = o => o.Listeners[1].Endpoint = "127.0.0.1:8025",
        ["listener-max-message-size"] = o => o.Listeners[0].MaxMessageSize = 1000,
        ["listener-max-connections"] = o => o.Listeners[2].MaxConnections = 0,
        ["listeners-empty"] = o => o.Listeners.Clear(),
        ["http-endpoint"] = o => o.Http.Endpoint = "localhost",
        ["hostname-underscore"] = o => o.Hostname = "mx_1.example.com",
        ["hostname-empty"] = o => o.Hostname = "",
        ["accepted-domain-space"] = o => o.AcceptedDomains.Add("exa mple.com"),
        ["accepted-domain-double-wildcard"] = o => o.AcceptedDomains.Add("**.example.com"),
        ["accepted-domains-empty-with-mx"] = o => o.AcceptedDomains.Clear(),
        ["no-backend-no-directory"] = o => o.Delivery.Directory = " ",
        ["backend-endpoint"] = o => o.Backends.Add(new BackendOptions { Name = "mta1", Endpoint = "10.0.0.5" }),
        ["backend-tls"] = o => o.Backends.Add(new BackendOptions { Name = "mta1", Endpoint = "10.0.0.5:25", Tls = "yes" }),
        ["backend-name-duplicate"] = o =>
        {
            o.Backends.Add(new BackendOptions { Name = "mta1", Endpoint = "10.0.0.5:25" });
            o.Backends.Add(new BackendOptions { Name = "mta1", Endpoint = "10.0.0.6:25" });
        },
        ["backend-port-zero"] = o => o.Backends.Add(new BackendOptions { Endpoint = "10.0.0.5:0" }),
        ["limits-line-too-long"] = o => o.Limits.MaxCommandLineLength = 4096,
        ["limits-line-too-short"] = o => o.Limits.MaxCommandLineLength = 511,
        ["limits-message-size"] = o => o.Limits.MaxMessageSize = 1024,
        ["limits-recipients"] = o => o.Limits.MaxRecipients = 0,
        ["limits-errors"] = o => o.Limits.MaxErrors = 0,
        ["limits-junk"] = o => o.Limits.MaxJunkCommands = -1,
        ["limits-connections"] = o => o.Limits.MaxConnections = 2_000_000,
        ["timeout-command-zero"] = o => o.Limits.Timeouts.Command = TimeSpan.Zero,
        ["timeout-termination-long"] = o => o.Limits.Timeouts.DataTermination = TimeSpan.FromHours(2),
        ["timeout-drain-negative"] = o => o.Limits.Timeouts.Drain = TimeSpan.FromSeconds(-1),
    };

    [Theory]
    [InlineData("mode-typo", "Edge:Listeners:1:Mode: 'startls' is not one of starttls, implicit-tls, plain")]
    [InlineData("role-unknown", "Edge:Listeners:0:Role: 'relay' is not one of mx, submission")]
    [InlineData("endpoint-no-port", "Edge:Listeners:2:Endpoint: '127.0.0.1' is not an endpoint")]
    [InlineData("endpoint-port-too-big", "Edge:Listeners:0:Endpoint: '127.0.0.1:70000' is not an endpoint")]
    [InlineData("endpoint-port-zero-public", "Edge:Listeners:0:Endpoint: '0.0.0.0:0' has port 0")]
    [InlineData("endpoint-hostname", "Edge:Listeners:0:Endpoint: 'mx.example.com:25' is not an endpoint")]
    [InlineData("listener-name-invalid", "Edge:Listeners:0:Name: 'mx 1' is not a valid name")]
    [InlineData("listener-name-duplicate", "Edge:Listeners:1:Name: 'MX' is used by another listener")]
    [InlineData("listener-endpoint-duplicate", "Edge:Listeners:1:Endpoint: '127.0.0.1:2525' conflicts with Edge:Listeners:0:Endpoint")]
    [InlineData("listener-endpoint-wildcard-overlap", "Edge:Listeners:1:Endpoint: '0.0.0.0:2525' conflicts with Edge:Listeners:0:Endpoint")]
    [InlineData("listener-endpoint-ipv6-any-overlap", "Edge:Listeners:1:Endpoint: '[::]:2525' conflicts with Edge:Listeners:0:Endpoint")]
    [InlineData("listener-overlaps-http", "Edge:Listeners:1:Endpoint: '127.0.0.1:8025' conflicts with Edge:Http:Endpoint")]
    [InlineData("listener-max-message-size", "Edge:Listeners:0:MaxMessageSize: 1000 is out of range 65536..2147483647")]
    [InlineData("listener-max-connections", "Edge:Listeners:2:MaxConnections: 0 is out of range 1..1000000")]
    [InlineData("listeners-empty", "Edge:Listeners: at least one listener is required")]
    [InlineData("http-endpoint", "Edge:Http:Endpoint: 'localhost' is not an endpoint")]
    [InlineData("hostname-underscore", "Edge:Hostname: 'mx_1.example.com' is not a valid host name")]
    [InlineData("hostname-empty", "Edge:Hostname: '' is not a valid host name")]
    [InlineData("accepted-domain-space", "Edge:AcceptedDomains:1: 'exa mple.com' is not a domain")]
    [InlineData("accepted-domain-double-wildcard", "Edge:AcceptedDomains:1: '**.example.com' is not a domain")]
    [InlineData("accepted-domains-empty-with-mx", "Edge:AcceptedDomains: at least one domain is required")]
    [InlineData("no-backend-no-directory", "Edge:Delivery:Directory: no backend is configured (Edge:Backends is empty) and no delivery directory is set")]
    [InlineData("backend-endpoint", "Edge:Backends:0:Endpoint: '10.0.0.5' is not an endpoint")]
    [InlineData("backend-tls", "Edge:Backends:0:Tls: 'yes' is not one of none, starttls-opportunistic, starttls-required (or starttls), implicit (or implicit-tls)")]
    [InlineData("backend-name-duplicate", "Edge:Backends:1:Name: 'mta1' is used by another backend")]
    [InlineData("backend-port-zero", "Edge:Backends:0:Endpoint: '10.0.0.5:0' has port 0")]
    [InlineData("limits-line-too-long", "Edge:Limits:MaxCommandLineLength: 4096 is out of range 512..2048")]
    [InlineData("limits-line-too-short", "Edge:Limits:MaxCommandLineLength: 511 is out of range 512..2048")]
    [InlineData("limits-message-size", "Edge:Limits:MaxMessageSize: 1024 is out of range 65536..2147483647")]
    [InlineData("limits-recipients", "Edge:Limits:MaxRecipients: 0 is out of range 1..10000")]
    [InlineData("limits-errors", "Edge:Limits:MaxErrors: 0 is out of range 1..1000")]
    [InlineData("limits-junk", "Edge:Limits:MaxJunkCommands: -1 is out of range 1..1000")]
    [InlineData("limits-connections", "Edge:Limits:MaxConnections: 2000000 is out of range 1..1000000")]
    [InlineData("timeout-command-zero", "Edge:Limits:Timeouts:Command: 00:00:00 is out of range")]
    [InlineData("timeout-termination-long", "Edge:Limits:Timeouts:DataTermination: 02:00:00 is out of range")]
    [InlineData("timeout-drain-negative", "Edge:Limits:Timeouts:Drain: -00:00:01 is out of range")]
    public void Validate_BrokenSetting_FailsNamingTheKey(string breaker, string expectedStart)
    {
        EdgeOptions options = ValidOptions();
        Breakers[breaker](options);

        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expectedStart, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, ValidOptions());
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOne()
    {
        EdgeOptions options = ValidOptions();
        options.Listeners[0].Mode = "tls";
        options.Listeners[2].Role = "client";
        options.Limits.MaxRecipients = 0;

        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, options);

        Assert.Collection(
            result.Failures!,
            f => Assert.StartsWith("Edge:Listeners:0:Mode:", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Edge:Listeners:2:Role:", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Edge:Limits:MaxRecipients:", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("modes-any-case")]
    [InlineData("loopback-port-zero-twice")]
    [InlineData("backend-hostname-no-name")]
    [InlineData("backend-without-directory")]
    [InlineData("submission-only-without-domains")]
    [InlineData("wildcard-domain")]
    [InlineData("different-ports-same-wildcard")]
    [InlineData("ipv4-any-and-ipv6-loopback")]
    [InlineData("listener-without-name")]
    public void Validate_UnusualButValid_Succeeds(string variant)
    {
        EdgeOptions options = ValidOptions();
        switch (variant)
        {
            case "modes-any-case":
                options.Listeners[0].Mode = "STARTTLS";
                options.Listeners[0].Role = "MX";
                options.Listeners[2].Mode = "Implicit-TLS";
                break;
            case "loopback-port-zero-twice":
                options.Listeners[0].Endpoint = "127.0.0.1:0";
                options.Listeners[1].Endpoint = "127.0.0.1:0";
                options.Http.Endpoint = "[::1]:0";
                break;
            case "backend-hostname-no-name":
                options.Backends.Add(new BackendOptions { Endpoint = "postfix.internal:25", Tls = "starttls" });
                break;
            case "backend-without-directory":
                options.Backends.Add(new BackendOptions { Name = "mta1", Endpoint = "10.0.0.5:25" });
                options.Delivery.Directory = null;
                break;
            case "submission-only-without-domains":
                options.Listeners.RemoveAt(0);
                options.AcceptedDomains.Clear();
                break;
            case "wildcard-domain":
                options.AcceptedDomains.Add("*.example.com");
                break;
            case "different-ports-same-wildcard":
                options.Listeners[0].Endpoint = "0.0.0.0:25";
                options.Listeners[1].Endpoint = "0.0.0.0:587";
                options.Listeners[2].Endpoint = "[::]:465";
                break;
            case "ipv4-any-and-ipv6-loopback":
                options.Listeners[0].Endpoint = "0.0.0.0:2525";
                options.Listeners[1].Endpoint = "[::1]:2525";
                break;
            case "listener-without-name":
                options.Listeners[1].Name = "";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variant));
        }

        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    internal static EdgeOptions ValidOptions()
    {
        var options = new EdgeOptions
        {
            Hostname = "mx.example.com",
            Listeners =
            {
                new ListenerOptions { Name = "mx", Endpoint = "127.0.0.1:2525", Mode = "starttls", Role = "mx" },
                new ListenerOptions { Name = "submission", Endpoint = "127.0.0.1:2587", Mode = "starttls", Role = "submission" },
                new ListenerOptions { Name = "submissions", Endpoint = "127.0.0.1:2465", Mode = "implicit-tls", Role = "submission" },
            },
            AcceptedDomains = { "example.com" },
        };
        return options;
    }
}
