// The per-message log line (event 3011) from ConnectionMetrics through a real LoggerFactory: Edge's batched console
// provider writes the operator's line, another provider gets the same event with its named values, and the usual
// level filters still decide whether the line is written.
using System.Net;
using System.Text;
using Edge.Gateway.Configuration;
using Edge.Gateway.Logging;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tests.Logging;
using Edge.Gateway.Tls;
using Edge.Gateway.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Metrics;

public sealed class MessageLogLineTests
{
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.51.100.7"), 40000);

    [Fact]
    public void Message_RelayedAtInformation_ConsoleLineAndValuesForOtherProviders()
    {
        var capture = new CapturingProvider();
        var stdout = LogOneMessage(LogLevel.Information, capture);

        Assert.Equal(
            "info: Edge.Gateway.Metrics.EdgeMetrics[3011]\n      Message 0HNQ1.3 on mx from 198.51.100.7:40000: accepted, 1148 bytes, 1 recipients, reply \"250 2.0.0 Ok: queued as 4Xyz9\"\n",
            stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
        var (eventId, message, values) = Assert.Single(capture.Entries);
        Assert.Equal(new EventId(3011, "Message"), eventId);
        Assert.Equal("Message 0HNQ1.3 on mx from 198.51.100.7:40000: accepted, 1148 bytes, 1 recipients, reply \"250 2.0.0 Ok: queued as 4Xyz9\"", message);
        Assert.Equal("0HNQ1.3", values["MessageId"]);
        Assert.Equal("250 2.0.0 Ok: queued as 4Xyz9", values["Reply"]);
        Assert.Equal(1148L, values["Size"]);
    }

    [Fact]
    public void SessionEnded_AtInformation_ConsoleLineWithTheSessionSummary()
    {
        var capture = new CapturingProvider();
        var stdout = LogOneMessage(LogLevel.Information, capture, endSession: true);

        var lines = stdout.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        Assert.Equal("info: Edge.Gateway.Metrics.EdgeMetrics[3010]", lines[2]);
        Assert.Matches(@"^      Session 0HNQ1 on mx from 198\.51\.100\.7:40000 ended: tls none -, downgrade none, 1 messages \(1 accepted\), 1148 bytes, \d+ ms$", lines[3]);
        var (eventId, message, values) = capture.Entries[1];
        Assert.Equal(new EventId(3010, "Ended"), eventId);
        Assert.Equal(lines[3].TrimStart(), message);
        Assert.Equal("none", values["TlsProtocol"]);
        Assert.Equal(1148L, values["Bytes"]);
    }

    [Fact]
    public void Message_MinimumLevelWarning_NoLine()
    {
        var capture = new CapturingProvider();
        var stdout = LogOneMessage(LogLevel.Warning, capture);

        Assert.Equal("", stdout);
        Assert.Empty(capture.Entries);
    }

    private static string LogOneMessage(LogLevel minimum, CapturingProvider capture, bool endSession = false)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(new ConfigurationBuilder().Build()).AddConsole());
        using var provider = services.BuildServiceProvider();
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        using (var console = new BatchedConsoleLoggerProvider(
            provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), provider.GetServices<ConsoleFormatter>(), new BatchedConsoleOutput(stdout, stderr)))
        using (var factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(minimum).AddProvider(console).AddProvider(capture)))
        {
            var metrics = new EdgeMetrics(Options.Create(new EdgeOptions()), TimeProvider.System, factory.CreateLogger<EdgeMetrics>());
            var connection = new ConnectionMetrics(metrics, MetricsFixtures.Listener("mx", TlsMode.None), "0HNQ1", Client, tlsActive: false);
            var session = new SessionInfo { ConnectionId = "0HNQ1", ListenerName = "mx", Client = Client, TransactionNumber = 3 };
            connection.Message(new SinkReply(250, Encoding.ASCII.GetBytes("250 2.0.0 Ok: queued as 4Xyz9\r\n")), 1148, 1, session);
            if (endSession)
            {
                connection.SessionEnded(session);
            }
        }

        return stdout.Text;
    }

    // Records what an ordinary provider gets: the event, the formatted message and the named values, during Log.
    private sealed class CapturingProvider : ILoggerProvider, ILogger
    {
        public List<(EventId EventId, string Message, Dictionary<string, object?> Values)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IReadOnlyList<KeyValuePair<string, object?>> list ? list.ToDictionary(kv => kv.Key, kv => kv.Value) : [];
            Entries.Add((eventId, formatter(state, exception), values));
        }

        public void Dispose()
        {
        }
    }
}
