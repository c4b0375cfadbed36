// EdgeConfigurationExtensions: the one call Program.cs makes for configuration. Rebuilds the host's
// configuration sources in Edge's layering order (see EdgeConfigurationSources), binds "Edge" to
// EdgeOptions and validates it at start-up, so a bad configuration stops the process with the key named.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.Configuration;

/// <summary>Registers Edge's configuration on a host builder.</summary>
public static class EdgeConfigurationExtensions
{
    /// <summary>
    /// Layers appsettings.json (application directory) &lt; <c>--config PATH</c> &lt; environment variables &lt; command line,
    /// binds <c>Edge</c> to <see cref="EdgeOptions"/> (<c>IOptions&lt;EdgeOptions&gt;</c>) and validates it on start.
    /// Throws when a <c>--config</c> file is missing.
    /// </summary>
    public static IHostApplicationBuilder AddEdgeConfiguration(this IHostApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(args);

        string[] rest = EdgeConfigurationSources.ExtractConfigFiles(args, out IReadOnlyList<string> configFiles);
        EdgeConfigurationSources.RemoveDefaultSources(builder.Configuration.Sources);
        EdgeConfigurationSources.AddSources(
            builder.Configuration,
            AppContext.BaseDirectory,
            builder.Environment.EnvironmentName,
            configFiles,
            environmentPrefix: null,
            rest);

        builder.Services.AddOptions<EdgeOptions>()
            .Bind(builder.Configuration.GetSection(EdgeOptions.SectionName))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, EdgeOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, OpenRelayValidator>());
        return builder;
    }
}
