// EdgeConfigurationSourcesTests: the layering order (appsettings < appsettings.{env} < --config < env < command line),
// index-wise array merging, and --config argument handling.
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Configuration;

public sealed class EdgeConfigurationSourcesTests
{
    [Fact]
    public void AddSources_AllLayers_LaterLayerWinsPerKey()
    {
        using var scratch = new ScratchDirectory();
        scratch.Write("appsettings.json", """{ "T": { "A": "appsettings", "B": "appsettings", "C": "appsettings", "D": "appsettings", "E": "appsettings" } }""");
        scratch.Write("appsettings.Staging.json", """{ "T": { "B": "staging", "C": "staging", "D": "staging", "E": "staging" } }""");
        string file = scratch.Write("extra.json", """{ "T": { "C": "file", "D": "file", "E": "file" } }""");
        string prefix = UniquePrefix();
        Environment.SetEnvironmentVariable(prefix + "T__D", "env");
        Environment.SetEnvironmentVariable(prefix + "T__E", "env");
        try
        {
            var builder = new ConfigurationBuilder();
            EdgeConfigurationSources.AddSources(builder, scratch.Path, "Staging", [file], prefix, ["--T:E=cmdline"]);
            IConfiguration config = builder.Build();

            Assert.Equal(
                ("appsettings", "staging", "file", "env", "cmdline"),
                (config["T:A"], config["T:B"], config["T:C"], config["T:D"], config["T:E"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "T__D", null);
            Environment.SetEnvironmentVariable(prefix + "T__E", null);
        }
    }

    [Fact]
    public void AddSources_CommandLineListenerAndBackendEndpoints_OverrideOnlyThoseKeys()
    {
        IConfiguration config = BuildOverAppSettings(["--Edge:Listeners:0:Endpoint=127.0.0.1:3025", "--Edge:Backends:0:Endpoint=127.0.0.1:3026"]);
        EdgeOptions options = ContractBindingTests.Bind(config);

        ValidateOptionsResult result = new EdgeOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
        IReadOnlyList<ListenerSettings> listeners = ListenerSettings.FromOptions(options);
        Assert.Equal(3, listeners.Count);
        Assert.Equal(("mx", "127.0.0.1:3025", ListenerMode.StartTls, ListenerRole.Mx), (listeners[0].Name, listeners[0].Endpoint.ToString(), listeners[0].Mode, listeners[0].Role));
        Assert.Equal("127.0.0.1:2587", listeners[1].Endpoint.ToString());
        Assert.Equal("127.0.0.1:2465", listeners[2].Endpoint.ToString());
        BackendSettings backend = Assert.Single(BackendSettings.FromOptions(options));
        Assert.Equal(new BackendSettings("backend-0", "127.0.0.1", 3026, BackendTlsMode.None), backend);
    }

    [Fact]
    public void AddSources_EnvironmentVariableWithDoubleUnderscores_OverridesListener()
    {
        string prefix = UniquePrefix();
        Environment.SetEnvironmentVariable(prefix + "Edge__Listeners__1__Endpoint", "127.0.0.1:4587");
        try
        {
            var builder = new ConfigurationBuilder();
            EdgeConfigurationSources.AddSources(builder, AppContext.BaseDirectory, null, [], prefix, []);
            EdgeOptions options = ContractBindingTests.Bind(builder.Build());

            Assert.Equal(("submission", "127.0.0.1:4587"), (options.Listeners[1].Name, options.Listeners[1].Endpoint));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Edge__Listeners__1__Endpoint", null);
        }
    }

    [Fact]
    public void AddSources_MissingAppSettings_Throws()
    {
        using var scratch = new ScratchDirectory();
        var builder = new ConfigurationBuilder();
        EdgeConfigurationSources.AddSources(builder, scratch.Path, null, [], UniquePrefix(), []);

        Assert.Throws<FileNotFoundException>(() => builder.Build());
    }

    [Theory]
    [InlineData("space")]
    [InlineData("equals")]
    public void ExtractConfigFiles_ConfigArgument_IsRemovedAndResolved(string form)
    {
        using var scratch = new ScratchDirectory();
        string file = scratch.Write("edge.json", "{}");
        string[] args = form == "space"
            ? ["--Edge:Hostname=a.example", "--config", file, "--Edge:Limits:MaxErrors=5"]
            : ["--Edge:Hostname=a.example", "--config=" + file, "--Edge:Limits:MaxErrors=5"];

        string[] rest = EdgeConfigurationSources.ExtractConfigFiles(args, out IReadOnlyList<string> files);

        Assert.Equal(["--Edge:Hostname=a.example", "--Edge:Limits:MaxErrors=5"], rest);
        Assert.Equal([Path.GetFullPath(file)], files);
    }

    [Fact]
    public void ExtractConfigFiles_SeveralConfigArguments_KeepsTheirOrder()
    {
        using var scratch = new ScratchDirectory();
        string first = scratch.Write("a.json", "{}");
        string second = scratch.Write("b.json", "{}");

        string[] rest = EdgeConfigurationSources.ExtractConfigFiles(["--config", first, "--config=" + second], out IReadOnlyList<string> files);

        Assert.Empty(rest);
        Assert.Equal([first, second], files);
    }

    [Fact]
    public void ExtractConfigFiles_NoConfigArgument_ReturnsArgsUnchanged()
    {
        string[] args = ["--Edge:Hostname=a.example", "--configuration=x"];
        string[] rest = EdgeConfigurationSources.ExtractConfigFiles(args, out IReadOnlyList<string> files);

        Assert.Equal(args, rest);
        Assert.Empty(files);
    }

    [Fact]
    public void ExtractConfigFiles_MissingFile_ThrowsNamingThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), "edge-missing-" + Guid.NewGuid().ToString("N") + ".json");

        var ex = Assert.Throws<FileNotFoundException>(() => EdgeConfigurationSources.ExtractConfigFiles(["--config", missing], out _));

        Assert.Contains("--config", ex.Message, StringComparison.Ordinal);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--config=")]
    [InlineData("--config", "--Edge:Hostname=a.example")]
    public void ExtractConfigFiles_NoPath_Throws(params string[] args)
    {
        var ex = Assert.Throws<ArgumentException>(() => EdgeConfigurationSources.ExtractConfigFiles(args, out _));
        Assert.StartsWith("--config: a file path is required", ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration BuildOverAppSettings(string[] commandLine)
    {
        var builder = new ConfigurationBuilder();
        EdgeConfigurationSources.AddSources(builder, AppContext.BaseDirectory, null, [], UniquePrefix(), commandLine);
        return builder.Build();
    }

    // A prefix no real variable has, so the test sees only the variables it sets.
    private static string UniquePrefix() => "EDGE_TEST_" + Guid.NewGuid().ToString("N") + "_";
}
