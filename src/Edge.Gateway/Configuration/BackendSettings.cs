// BackendSettings: the parsed, immutable runtime form of one validated BackendOptions entry
// (effective name, host, port, TLS mode). Config -> snapshot; the relay builds on this.
namespace Edge.Gateway.Configuration;

/// <summary>One backend MTA, ready to connect to.</summary>
internal sealed record BackendSettings(string Name, string Host, int Port, BackendTlsMode Tls)
{
    /// <summary>The name used when <c>Edge:Backends:N:Name</c> is not set, so <c>--Edge:Backends:0:Endpoint=...</c> alone is enough.</summary>
    public static string DefaultName(int index) => $"backend-{index}";

    /// <summary>The configured name, or <see cref="DefaultName"/>.</summary>
    public static string EffectiveName(BackendOptions backend, int index)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return string.IsNullOrEmpty(backend.Name) ? DefaultName(index) : backend.Name;
    }

    /// <summary>Parses every backend of validated options. Throws <see cref="InvalidOperationException"/> for options that did not pass <see cref="EdgeOptionsValidator"/>.</summary>
    public static IReadOnlyList<BackendSettings> FromOptions(EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new BackendSettings[options.Backends.Count];
        for (int i = 0; i < result.Length; i++)
        {
            BackendOptions backend = options.Backends[i];
            if (!EndpointParser.TryParseHostPort(backend.Endpoint, out string host, out int port)
                || !OptionValueParser.TryParseBackendTls(backend.Tls, out BackendTlsMode tls))
            {
                throw new InvalidOperationException($"Backend {i} was not validated (endpoint '{backend.Endpoint}', tls '{backend.Tls}').");
            }

            result[i] = new BackendSettings(EffectiveName(backend, i), host, port, tls);
        }

        return result;
    }
}
