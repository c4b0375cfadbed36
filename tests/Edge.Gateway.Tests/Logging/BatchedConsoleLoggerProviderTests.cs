// BatchedConsoleLoggerProviderTests: the batched provider writes what the stock console formatters write (simple and
// json, chosen by Logging:Console:FormatterName), sends levels at or above LogToStandardErrorThreshold to stderr, and
// replaces the stock provider in the real host without losing the "Console" filter alias.
using System.Text.Json;
using Edge.Gateway.Hosting;
using Edge.Gateway.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Logging;

public sealed class BatchedConsoleLoggerProviderTests
{
    private static readonly string[] Ports =
    [
        "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
        "--Edge:Http:Endpoint=127.0.0.1:0",
    ];

    [Fact]
    public void Log_SimpleFormatter_SameTextAsStockFormat()
    {
        var (stdout, _) = LogOnce(new Dictionary<string, string?>(), LogLevel.Information);

        Assert.Equal("info: Edge.Test[3010]\n      Session 42 ended: 1 messages\n", stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_JsonFormatter_OneJsonLineWithTheEvent()
    {
        var (stdout, _) = LogOnce(new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = "json" }, LogLevel.Information);

        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(3010, json.RootElement.GetProperty("EventId").GetInt32());
        Assert.Equal("Information", json.RootElement.GetProperty("LogLevel").GetString());
        Assert.Equal("Session 42 ended: 1 messages", json.RootElement.GetProperty("Message").GetString());
        Assert.Equal("42", json.RootElement.GetProperty("State").GetProperty("Id").GetString());
    }

    [Fact]
    public void Log_AtErrorThreshold_GoesToStderr()
    {
        var (stdout, stderr) = LogOnce(new Dictionary<string, string?> { ["Logging:Console:LogToStandardErrorThreshold"] = "Warning" }, LogLevel.Warning);

        Assert.Equal("", stdout);
        Assert.StartsWith("warn: Edge.Test[3010]", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_RealHost_BatchedProviderReplacesStockOne()
    {
        await using var app = EdgeHost.Build(Ports);

        var providers = app.Services.GetServices<ILoggerProvider>().ToList();
        Assert.Contains(providers, p => p is BatchedConsoleLoggerProvider);
        Assert.DoesNotContain(providers, p => p is ConsoleLoggerProvider);
    }

    [Fact]
    public async Task Build_ConsoleAliasLogLevel_AppliesToBatchedProvider()
    {
        await using var app = EdgeHost.Build([.. Ports, "--Logging:Console:LogLevel:Default=Warning"]);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Test");

        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    // A provider over the stock formatters and options (as AddConsole registers them), writing to recording streams.
    private static (string Stdout, string Stderr) LogOnce(Dictionary<string, string?> settings, LogLevel level)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole());
        services.Configure<ConsoleLoggerOptions>(configuration.GetSection("Logging:Console"));
        using var provider = services.BuildServiceProvider();
        using var stdout = new RecordingStream();
        using var stderr = new RecordingStream();
        using (var console = new BatchedConsoleLoggerProvider(
            provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
            provider.GetServices<ConsoleFormatter>(),
            new BatchedConsoleOutput(stdout, stderr)))
        {
            var logger = console.CreateLogger("Edge.Test");
            List<KeyValuePair<string, object?>> state = [new("Id", "42"), new("{OriginalFormat}", "Session {Id} ended: 1 messages")];
            logger.Log(level, new EventId(3010), state, null, static (_, _) => "Session 42 ended: 1 messages");
        }

        return (stdout.Text, stderr.Text);
    }
}
