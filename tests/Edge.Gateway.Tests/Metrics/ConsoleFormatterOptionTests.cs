// Logging:Console:FormatterName reaches the console logger of the real host (the slim builder pins "simple"
// otherwise), so operators get JSON lines by configuration alone.
using Edge.Gateway.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Metrics;

public sealed class ConsoleFormatterOptionTests
{
    private static readonly string[] Ports =
    [
        "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
        "--Edge:Http:Endpoint=127.0.0.1:0",
    ];

    [Fact]
    public async Task Build_FormatterNameJson_ConsoleLoggerUsesJson()
    {
        await using var app = EdgeHost.Build([.. Ports, "--Logging:Console:FormatterName=json"]);

        Assert.Equal("json", app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task Build_NoFormatterName_ConsoleLoggerIsNotJson()
    {
        await using var app = EdgeHost.Build(Ports);

        Assert.NotEqual("json", app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }
}
