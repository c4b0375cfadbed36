// TlsReportConsistency: configurations that would silently lose reports are named at start-up (report mailbox outside
// the accepted domains, mailto: rua not read, https: rua on another path); a consistent one gives no warning; and the
// real host logs them as warnings.
using Edge.Gateway.Configuration;
using Edge.Gateway.TlsReporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class TlsReportConsistencyTests
{
    private static EdgeOptions Options(params string[] mailboxes)
    {
        var options = new EdgeOptions { AcceptedDomains = { "example.com", "*.example.net" } };
        options.TlsRpt.Mailboxes.AddRange(mailboxes);
        return options;
    }

    [Fact]
    public void Check_Consistent_NoWarning()
    {
        var warnings = TlsReportConsistency.Check(
            Options("tlsrpt@example.com", "rua@mail.example.net"),
            ["mailto:TLSRPT@example.com", "https://mta-sts.example.com/tlsrpt"]);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Check_MailboxOutsideAcceptedDomains_Warns()
    {
        var warning = Assert.Single(TlsReportConsistency.Check(Options("tlsrpt@example.com", "rua@example.org"), []));
        Assert.StartsWith("Edge:TlsRpt:Mailboxes:1: 'rua@example.org' is not in Edge:AcceptedDomains", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MailtoRuaNotAMailbox_Warns()
    {
        var warning = Assert.Single(TlsReportConsistency.Check(Options("tlsrpt@example.com"), ["mailto:tlsrpt@example.com", "mailto:other@example.com"]));
        Assert.StartsWith("Edge:MtaSts:ReportingAddresses:1: reports mailed to 'other@example.com' are relayed but not read", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HttpsRuaOnAnotherPathOrIntakeOff_Warns()
    {
        var options = Options();
        Assert.Contains("Edge:TlsRpt:Path is '/tlsrpt'", Assert.Single(TlsReportConsistency.Check(options, ["https://mta-sts.example.com/reports"])), StringComparison.Ordinal);
        options.TlsRpt.Path = "";
        Assert.Contains("HTTP intake is off", Assert.Single(TlsReportConsistency.Check(options, ["https://mta-sts.example.com/tlsrpt"])), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_InconsistentConfiguration_LogsWarningAtStart()
    {
        var logs = new ListLoggerProvider();
        var app = Edge.Gateway.Hosting.EdgeHost.Build(
            [
                "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
                "--Edge:Http:Endpoint=127.0.0.1:0", "--Edge:AcceptedDomains:0=example.com", "--Edge:Delivery:Directory=" + Path.GetTempPath(),
                "--Edge:TlsRpt:Mailboxes:0=rua@example.org",
            ],
            services => services.AddSingleton<ILoggerProvider>(logs));
        await using (app)
        {
            Assert.Contains(logs.Messages, m => m.Contains("Edge:TlsRpt:Mailboxes:0: 'rua@example.org' is not in Edge:AcceptedDomains", StringComparison.Ordinal));
        }
    }

    private sealed class ListLoggerProvider : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Messages.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
