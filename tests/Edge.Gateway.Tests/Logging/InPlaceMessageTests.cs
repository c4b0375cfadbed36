// InPlaceMessage: the batched console logger writes Edge's per-message line (MessageLogState) without a message string
// and exactly as the configured console formatter writes it the ordinary way, whatever its options (single line,
// timestamps, scopes, colours) and whichever formatter (simple, systemd in place; json the ordinary way).
using System.Net;
using System.Text;
using System.Text.Json;
using Edge.Gateway.Logging;
using Edge.Gateway.Metrics;
using Edge.Gateway.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Logging;

public sealed class InPlaceMessageTests
{
    private const string Category = "Edge.Gateway.Metrics.EdgeMetrics";

    private static readonly MessageLogState State = new(
        "0HNQ5ABC", 12, "mx", new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000), "accepted", 1148, 1,
        new SinkReply(250, Encoding.ASCII.GetBytes("250 2.0.0 Ok: queued as 4Xyz9\r\n")));

    // Settings under Logging:Console, and a piece of text that shows the option took effect.
    public static TheoryData<string[], string> Options => new()
    {
        { [], "info: " + Category + "[3011]\n      Message 0HNQ5ABC.12 on mx from 198.51.100.7:40000: accepted, 1148 bytes, 1 recipients, reply \"250 2.0.0 Ok: queued as 4Xyz9\"\n" },
        { ["FormatterOptions:SingleLine=true"], "[3011] Message 0HNQ5ABC.12" },
        { ["FormatterOptions:TimestampFormat='at' ", "FormatterOptions:UseUtcTimestamp=true"], "at info: " },
        { ["FormatterOptions:IncludeScopes=true"], "=> conn-7" },
        { ["FormatterOptions:ColorBehavior=Enabled"], "\u001b[" },
        { ["FormatterName=systemd"], "<6>" + Category + "[3011] Message 0HNQ5ABC.12" },
        { ["FormatterName=systemd", "FormatterOptions:IncludeScopes=true"], "=> conn-7" },
        { ["FormatterName=json", "FormatterOptions:IncludeScopes=true"], "\"Reply\":\"250 2.0.0 Ok: queued as 4Xyz9\"" },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public void Log_MessageLogState_SameOutputAsTheFormatterWritesItsWay(string[] settings, string shows)
    {
        var (written, expected, inPlace) = LogThroughBatchedProvider(settings, State);

        Assert.Equal(expected, written);
        Assert.Equal(settings.Contains("FormatterName=json") ? null : expected, inPlace);
        Assert.Contains(shows, written.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_JsonFormatter_MessageAndValues()
    {
        var (written, _, _) = LogThroughBatchedProvider(["FormatterName=json"], State);

        using var json = JsonDocument.Parse(written);
        Assert.Equal(3011, json.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal(State.ToString(), json.RootElement.GetProperty("Message").GetString());
        Assert.Equal("0HNQ5ABC.12", json.RootElement.GetProperty("State").GetProperty("MessageId").GetString());
        Assert.Equal("198.51.100.7:40000", json.RootElement.GetProperty("State").GetProperty("Client").GetString());
    }

    [Theory]
    [InlineData("simple")]
    [InlineData("systemd")]
    [InlineData("json")]
    public void Log_SessionEndLogState_SameOutputAsTheFormatterWritesItsWay(string name)
    {
        var state = new SessionEndLogState("0HNQ5ABC", "mx", new IPEndPoint(IPAddress.IPv6Loopback, 2525), "TLSv1.3", "TLS_AES_128_GCM_SHA256", "none", 2, 2, 2296, 41);
        using var services = ConsoleServices(["FormatterName=" + name]);
        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>();
        var formatters = services.GetServices<ConsoleFormatter>().ToList();
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        using (var console = new BatchedConsoleLoggerProvider(options, formatters, new BatchedConsoleOutput(stdout, stderr)))
        {
            SessionLog.Ended(console.CreateLogger(Category), in state);
        }

        using var writer = new StringWriter();
        var entry = new LogEntry<SessionEndLogState>(LogLevel.Information, Category, new EventId(3010, "Ended"), state, null, SessionEndLogState.Formatter);
        formatters.Single(f => f.Name == name).Write(in entry, null, writer);
        Assert.Equal(writer.ToString(), stdout.Text);
        Assert.Contains("Session 0HNQ5ABC on mx from [::1]:2525 ended: tls TLSv1.3", stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_ReplyWithBareLineFeed_FormatterRewritesItAsUsual()
    {
        // A bare LF survives ReplyText; the simple formatter pads it like any multi-line message, so no in-place write.
        var state = new MessageLogState("c1", 1, "mx", null, "accepted", 5, 1, new SinkReply(250, Encoding.ASCII.GetBytes("250 a\nb\r\n")));

        var (written, expected, inPlace) = LogThroughBatchedProvider([], state);

        Assert.Equal(expected, written);
        Assert.Null(inPlace);
        Assert.Contains("250 a" + Environment.NewLine + "      b\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void TryWrite_SimpleFormatter_AllocatesNothing()
    {
        using var services = ConsoleServices([]);
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        var entry = new LogEntry<MessageLogState>(LogLevel.Information, Category, new EventId(3011, "Message"), State, null, MessageLogState.Formatter);
        var direct = (ISpanMessageFormatter<MessageLogState>)MessageLogState.Formatter.Target!;
        using var writer = new StringWriter();

        // First calls allocate (lazy initialisation): rounds until one allocates nothing, at most 40. Nothing may depend
        // on re-jitting (a loaded test run delays it): the in-place path allocates nothing in unoptimised code too.
        var inPlace = -1L;
        for (var round = 0; round < 40 && inPlace != 0; round++)
        {
            Thread.Sleep(round == 0 ? 0 : 100);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                Assert.True(InPlaceMessage.TryWrite(formatter, in entry, direct, null, writer));
                writer.GetStringBuilder().Clear();
            }

            inPlace = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var start = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            formatter.Write(in entry, null, writer);
            writer.GetStringBuilder().Clear();
        }

        var ordinary = GC.GetAllocatedBytesForCurrentThread() - start;
        Assert.Equal(0, inPlace);
        Assert.True(ordinary >= 1000 * 2 * State.ToString().Length, $"the ordinary path allocated {ordinary} B for 1000 lines");
    }

    // Logs the state once through the batched provider (inside a scope) and formats the same entry with the chosen
    // formatter the ordinary way and in place: (what the provider wrote to stdout, what the formatter wrote, what the
    // in-place write gave or null when it declined; json never goes in place).
    private static (string Written, string Expected, string? InPlace) LogThroughBatchedProvider(string[] settings, MessageLogState state)
    {
        using var services = ConsoleServices(settings);
        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>();
        var formatters = services.GetServices<ConsoleFormatter>().ToList();
        var formatter = formatters.Single(f => f.Name == (options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple));
        var scopes = new LoggerExternalScopeProvider();
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        string expected;
        string? inPlace = null;
        using (var console = new BatchedConsoleLoggerProvider(options, formatters, new BatchedConsoleOutput(stdout, stderr)))
        {
            console.SetScopeProvider(scopes);
            using var scope = scopes.Push("conn-7");
            SessionLog.Message(console.CreateLogger(Category), in state);

            using var writer = new StringWriter();
            var entry = new LogEntry<MessageLogState>(LogLevel.Information, Category, new EventId(3011, "Message"), state, null, MessageLogState.Formatter);
            formatter.Write(in entry, scopes, writer);
            expected = writer.ToString();

            using var direct = new StringWriter();
            if (formatter.Name != ConsoleFormatterNames.Json
                && InPlaceMessage.TryWrite(formatter, in entry, (ISpanMessageFormatter<MessageLogState>)MessageLogState.Formatter.Target!, scopes, direct))
            {
                inPlace = direct.ToString();
            }
            else
            {
                Assert.Equal("", direct.ToString());
            }
        }

        Assert.Equal("", stderr.Text);
        return (stdout.Text, expected, inPlace);
    }

    private static ServiceProvider ConsoleServices(string[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(kv => new KeyValuePair<string, string?>("Logging:Console:" + kv[0], kv[1])))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        services.Configure<ConsoleLoggerOptions>(configuration.GetSection("Logging:Console"));
        return services.BuildServiceProvider();
    }
}
