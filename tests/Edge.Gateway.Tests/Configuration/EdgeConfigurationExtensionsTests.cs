// EdgeConfigurationExtensionsTests: AddEdgeConfiguration on real host builders: layering over the host's
// defaults, --config, and a bad configuration failing the start with the key named.
using Edge.Gateway.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Configuration;

public sealed class EdgeConfigurationExtensionsTests
{
    [Fact]
    public void AddEdgeConfiguration_CommandLineOverrides_BindThroughOptions()
    {
        string[] args = ["--Edge:Listeners:0:Endpoint=127.0.0.1:3025", "--Edge:Backends:0:Endpoint=127.0.0.1:3026"];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.AddEdgeConfiguration(args);
        using IHost host = builder.Build();

        EdgeOptions options = host.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;

        Assert.Equal(("mx", "127.0.0.1:3025"), (options.Listeners[0].Name, options.Listeners[0].Endpoint));
        Assert.Equal("127.0.0.1:3026", Assert.Single(options.Backends).Endpoint);
        Assert.Equal(3, options.Listeners.Count);
    }

    [Fact]
    public void AddEdgeConfiguration_ConfigFileThenCommandLine_CommandLineWins()
    {
        using var scratch = new ScratchDirectory();
        string file = scratch.Write("edge.json", """{ "Edge": { "Hostname": "file.example", "AcceptedDomains": [ "file.example" ] } }""");
        string[] args = ["--config", file, "--Edge:Hostname=cli.example"];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.AddEdgeConfiguration(args);
        using IHost host = builder.Build();

        EdgeOptions options = host.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;

        Assert.Equal("cli.example", options.Hostname);
        Assert.Equal(["file.example"], options.AcceptedDomains);
        Assert.Null(builder.Configuration["config"]); // --config never reached the command-line provider
    }

    [Fact]
    public async Task AddEdgeConfiguration_InvalidMode_StartFailsNamingTheKey()
    {
        string[] args = ["--Edge:Listeners:1:Mode=startls"];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.AddEdgeConfiguration(args);
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Edge:Listeners:1:Mode: 'startls' is not one of starttls, implicit-tls, plain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEdgeConfiguration_NoBackendAndNoDirectory_StartFailsWithClearMessage()
    {
        string[] args = ["--Edge:Delivery:Directory="];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.AddEdgeConfiguration(args);
        using IHost host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Edge:Delivery:Directory: no backend is configured", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEdgeConfiguration_MissingConfigFile_Throws()
    {
        string missing = Path.Combine(Path.GetTempPath(), "edge-missing-" + Guid.NewGuid().ToString("N") + ".json");
        string[] args = ["--config", missing];
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);

        Assert.Throws<FileNotFoundException>(() => builder.AddEdgeConfiguration(args));
    }

    [Fact]
    public async Task AddEdgeConfiguration_SlimWebBuilder_UsesEmbeddedDefaults()
    {
        string[] args = ["--config=" + ConfigurationTestFiles.ProductionConfigPath()];
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
        builder.AddEdgeConfiguration(args);
        await using WebApplication app = builder.Build();

        EdgeOptions options = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;

        Assert.Equal("mx.example.com", options.Hostname);
        Assert.Equal("0.0.0.0:25", options.Listeners[0].Endpoint);
        Assert.Equal("./data/inbox", options.Delivery.Directory); // from appsettings.json in the application directory
    }
}
