// Edge:TlsRpt configuration: defaults valid, each bad value refused naming its key, and a bad value stopping the
// real host at start-up; the configured values reach the intake.
using Edge.Gateway.Configuration;
using Edge.Gateway.Hosting;
using Edge.Gateway.TlsReporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class TlsRptOptionsTests
{
    private static IEnumerable<string> Failures(Action<TlsRptOptions> change)
    {
        var options = new EdgeOptions();
        change(options.TlsRpt);
        return new TlsRptOptionsValidator().Validate(null, options).Failures ?? [];
    }

    [Fact]
    public void Defaults_PathTlsrpt_Limits_Valid()
    {
        var defaults = new TlsRptOptions();
        Assert.Empty(Failures(_ => { }));
        Assert.Equal("/tlsrpt", defaults.Path);
        Assert.Equal(1024 * 1024, defaults.MaxBodyBytes);
        Assert.Equal(8 * 1024 * 1024, defaults.MaxReportBytes);
        Assert.Equal(2 * 1024 * 1024, defaults.MaxMessageBytes);
        Assert.Equal(100, defaults.KeepLast);
        Assert.Equal(4, defaults.MaxConcurrent);
        Assert.Empty(defaults.Mailboxes);
    }

    [Theory]
    [InlineData("Path", "tlsrpt")]
    [InlineData("Path", "/tlsrpt/")]
    [InlineData("Path", "/tls rpt")]
    [InlineData("Path", "/tlsrpt?x=1")]
    [InlineData("Path", "/metrics")]
    [InlineData("Path", "/healthz/tlsrpt")]
    [InlineData("Mailboxes:0", "tlsrpt")]
    [InlineData("Mailboxes:0", "<tlsrpt@example.com>")]
    [InlineData("Mailboxes:0", "tls rpt@example.com")]
    [InlineData("Mailboxes:0", "tlsrpt@exa_mple.com")]
    [InlineData("MaxBodyBytes", "0")]
    [InlineData("MaxBodyBytes", "9000000")]
    [InlineData("MaxReportBytes", "100000000")]
    [InlineData("MaxMessageBytes", "-1")]
    [InlineData("MaxConcurrent", "0")]
    [InlineData("MaxConcurrent", "257")]
    [InlineData("KeepLast", "-1")]
    [InlineData("KeepLast", "10001")]
    public void Validate_BadValue_NamesTheKey(string key, string value)
    {
        var failures = Failures(o =>
        {
            switch (key)
            {
                case "Path": o.Path = value; break;
                case "Mailboxes:0": o.Mailboxes.Add(value); break;
                case "MaxBodyBytes": o.MaxBodyBytes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "MaxReportBytes": o.MaxReportBytes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "MaxMessageBytes": o.MaxMessageBytes = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "MaxConcurrent": o.MaxConcurrent = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                default: o.KeepLast = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            }
        });

        Assert.Contains(failures, f => f.StartsWith($"Edge:TlsRpt:{key}: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/.well-known/smtp-tlsrpt")]
    public void Validate_PathEmptyOrWellFormed_Valid(string path) => Assert.Empty(Failures(o => o.Path = path));

    [Fact]
    public async Task Host_BadMailbox_FailsAtStartWithTheKey()
    {
        // The host reads its options while it is built (HostOptions depend on them), so validation fails there.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = EdgeHost.Build(
            [
                "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
                "--Edge:Http:Endpoint=127.0.0.1:0", "--Edge:AcceptedDomains:0=example.com",
                "--Edge:Delivery:Directory=" + Path.GetTempPath(), "--Edge:TlsRpt:Mailboxes:0=not-an-address",
            ]);
            await app.StartAsync();
        });
        Assert.Contains("Edge:TlsRpt:Mailboxes:0: 'not-an-address'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_ConfiguredValues_ReachTheIntake()
    {
        await using var host = await TlsRptHost.StartAsync(null, "--Edge:TlsRpt:MaxBodyBytes=2048", "--Edge:TlsRpt:Mailboxes:0=rua@example.com");
        var intake = host.Services.GetRequiredService<TlsReportIntake>();
        Assert.Equal(2048, intake.Options.MaxBodyBytes);
        Assert.IsType<TlsReportMessageSink>(host.Services.GetRequiredService<Edge.Gateway.Transactions.IMessageSink>());
    }
}
