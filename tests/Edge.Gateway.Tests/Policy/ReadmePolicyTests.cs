// ReadmePolicyTests: the README's "Policy" section stays true: its complete example configuration binds over the
// embedded defaults and passes start-up validation (open-relay guard included), and every policy option key
// (listener policy settings, Edge:Limits, Edge:Auth, the relay guard) is mentioned in the README.
using Edge.Gateway.Configuration;
using Edge.Gateway.Tests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Policy;

public sealed class ReadmePolicyTests
{
    private static string Readme() =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(ConfigurationTestFiles.ProductionConfigPath())!, "..", "README.md"));

    private static string PolicyExample()
    {
        string readme = Readme();
        int section = readme.IndexOf("\n## Policy\n", StringComparison.Ordinal);
        Assert.True(section >= 0, "README has no '## Policy' section");
        int start = readme.IndexOf("```json\n", section, StringComparison.Ordinal);
        int next = readme.IndexOf("\n## ", section + 1, StringComparison.Ordinal);
        Assert.True(start > section && (next < 0 || start < next), "the Policy section has no json example");
        start += "```json\n".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    [Fact]
    public void PolicyExample_BindsOverDefaultsAndValidates()
    {
        using var scratch = new ScratchDirectory();
        string path = scratch.Write("policy-example.json", PolicyExample());
        var config = new ConfigurationBuilder();
        EdgeConfigurationSources.AddSources(
            config, AppContext.BaseDirectory, environmentName: null, [path],
            environmentPrefix: "EDGE_TEST_" + Guid.NewGuid().ToString("N") + "_", commandLine: []);
        var options = new EdgeOptions();
        config.Build().GetSection(EdgeOptions.SectionName).Bind(options);

        ValidateOptionsResult syntax = new EdgeOptionsValidator().Validate(null, options);
        ValidateOptionsResult relay = new OpenRelayValidator(NullLogger<OpenRelayValidator>.Instance).Validate(null, options);

        Assert.True(syntax.Succeeded, syntax.FailureMessage);
        Assert.True(relay.Succeeded, relay.FailureMessage);
        Assert.Equal("mx.example.com", options.Hostname);
        Assert.Equal(4, options.Listeners.Count);
        Assert.False(options.AllowOpenRelay);
    }

    public static TheoryData<string> PolicyKeys()
    {
        string[] listenerKeys =
        [
            nameof(ListenerOptions.RequireTls), nameof(ListenerOptions.BareLineEndings), nameof(ListenerOptions.StartTlsInjection),
            nameof(ListenerOptions.ImproperPipelining), nameof(ListenerOptions.ProxyProtocol), nameof(ListenerOptions.TrustedProxies),
            nameof(ListenerOptions.GreetingDelay), nameof(ListenerOptions.MaxMessageSize), nameof(ListenerOptions.MaxConnections),
        ];
        var names = new SortedSet<string>(StringComparer.Ordinal) { nameof(EdgeOptions.AcceptedDomains), nameof(EdgeOptions.AllowOpenRelay) };
        names.UnionWith(listenerKeys);

        foreach (Type type in new[] { typeof(LimitsOptions), typeof(AuthOptions) })
        {
            foreach (var property in type.GetProperties())
            {
                if (property.PropertyType.IsValueType || property.PropertyType == typeof(string) || property.PropertyType.IsGenericType)
                {
                    names.Add(property.Name);
                }
            }
        }

        var keys = new TheoryData<string>();
        foreach (string name in names)
        {
            keys.Add(name);
        }

        return keys;
    }

    [Theory]
    [MemberData(nameof(PolicyKeys))]
    public void PolicyKey_IsDocumentedInReadme(string key)
    {
        Assert.Contains(key, Readme(), StringComparison.Ordinal);
    }
}
