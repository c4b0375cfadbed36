// BackendSettings: the parsed, immutable runtime form of one validated BackendOptions entry
// (effective name, host, port, TLS mode, TLS verification, pool limits). Config -> snapshot; the relay builds on this.
namespace Edge.Gateway.Configuration;

/// <summary>One backend MTA, ready to connect to.</summary>
internal sealed record BackendSettings(string Name, string Host, int Port, BackendTlsMode Tls)
{
    /// <summary>Verify chain and host name of the backend's certificate.</summary>
    public bool TlsVerify { get; init; } = true;

    /// <summary>Name expected in the certificate and sent as SNI (the endpoint's host unless configured).</summary>
    public string? TlsServerName { get; init; }

    /// <summary>Pinned SHA-256 certificate fingerprint, or empty.</summary>
    public ReadOnlyMemory<byte> TlsFingerprint { get; init; }

    /// <summary>Most connections open at once.</summary>
    public int MaxConnections { get; init; } = 100;

    /// <summary>How long an unused pooled connection is kept.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Transactions per connection before it is replaced.</summary>
    public int MaxTransactionsPerConnection { get; init; } = 1000;

    /// <summary>XCLIENT instead of XFORWARD; connections are not pooled.</summary>
    public bool Xclient { get; init; }

    /// <summary>The backend's group (routes by recipient domain), or empty.</summary>
    public string Group { get; init; } = "";

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

            byte[] pin = [];
            if (backend.TlsFingerprint is { Length: > 0 } text && !BackendOptionsValidator.TryParseFingerprint(text, out pin))
            {
                throw new InvalidOperationException($"Backend {i} was not validated (fingerprint).");
            }

            result[i] = new BackendSettings(EffectiveName(backend, i), host, port, tls)
            {
                TlsVerify = backend.TlsVerify,
                TlsServerName = string.IsNullOrEmpty(backend.TlsServerName) ? null : backend.TlsServerName,
                TlsFingerprint = pin.Length == 0 ? default : pin,
                MaxConnections = backend.MaxConnections,
                IdleTimeout = backend.IdleTimeout,
                MaxTransactionsPerConnection = backend.MaxTransactionsPerConnection,
                Group = backend.Group ?? "",
                Xclient = backend.Xclient,
            };
        }

        return result;
    }
}
