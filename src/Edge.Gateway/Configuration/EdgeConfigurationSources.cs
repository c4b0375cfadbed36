// EdgeConfigurationSources: the configuration layering of DESIGN.md, lowest first: appsettings.json
// (and appsettings.{Environment}.json) from the application directory, the --config file(s), environment
// variables (Edge__Listeners__0__Endpoint), then the command line (--Edge:Backends:0:Endpoint=...).
// Arrays merge by index across layers, so a later layer can override one field of one listener.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Edge.Gateway.Configuration;

/// <summary>Builds the configuration sources; separated from the host so tests can build the same stack.</summary>
internal static class EdgeConfigurationSources
{
    public const string AppSettingsFile = "appsettings.json";
    private const string ConfigOption = "--config";

    /// <summary>
    /// Removes <c>--config PATH</c> and <c>--config=PATH</c> from <paramref name="args"/> (several may be given; later ones win)
    /// and returns the rest. Paths are made absolute against the working directory. Throws when a path is
    /// missing or the file does not exist, so a typo fails the start instead of silently running on defaults.
    /// </summary>
    public static string[] ExtractConfigFiles(string[] args, out IReadOnlyList<string> configFiles)
    {
        ArgumentNullException.ThrowIfNull(args);
        List<string> files = [];
        List<string> rest = new(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            string? path;
            if (string.Equals(arg, ConfigOption, StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException("--config: a file path is required, e.g. --config /etc/edge/edge.json", nameof(args));
                }

                path = args[++i];
            }
            else if (arg.StartsWith(ConfigOption + "=", StringComparison.Ordinal))
            {
                path = arg[(ConfigOption.Length + 1)..];
            }
            else
            {
                rest.Add(arg);
                continue;
            }

            if (string.IsNullOrWhiteSpace(path))
            {
                throw new ArgumentException("--config: a file path is required, e.g. --config /etc/edge/edge.json", nameof(args));
            }

            string full = Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"--config: the configuration file '{full}' does not exist.", full);
            }

            files.Add(full);
        }

        configFiles = files;
        return [.. rest];
    }

    /// <summary>
    /// Removes the sources a default host builder added for application settings (JSON files, unprefixed
    /// environment variables, command line) so <see cref="AddSources"/> can add them in Edge's order.
    /// Prefixed host variables (DOTNET_, ASPNETCORE_) and in-memory host settings stay.
    /// </summary>
    public static void RemoveDefaultSources(IList<IConfigurationSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        for (int i = sources.Count - 1; i >= 0; i--)
        {
            IConfigurationSource source = sources[i];
            if (source is JsonConfigurationSource or CommandLineConfigurationSource
                || (source is EnvironmentVariablesConfigurationSource env && string.IsNullOrEmpty(env.Prefix)))
            {
                sources.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Adds Edge's layers in order. <paramref name="environmentPrefix"/> is null in production (every variable);
    /// tests pass a unique prefix so they do not see, or disturb, the real environment.
    /// </summary>
    public static void AddSources(
        IConfigurationBuilder config,
        string baseDirectory,
        string? environmentName,
        IReadOnlyList<string> configFiles,
        string? environmentPrefix,
        string[] commandLine)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(configFiles);

        // From the application directory, not the content root: `dotnet run --project` runs in the caller's directory.
        config.AddJsonFile(Path.Combine(baseDirectory, AppSettingsFile), optional: false, reloadOnChange: false);
        if (!string.IsNullOrEmpty(environmentName))
        {
            config.AddJsonFile(Path.Combine(baseDirectory, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false);
        }

        foreach (string file in configFiles)
        {
            config.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        if (environmentPrefix is null)
        {
            config.AddEnvironmentVariables();
        }
        else
        {
            config.AddEnvironmentVariables(environmentPrefix);
        }

        config.AddCommandLine(commandLine);
    }
}
