// AuthOptionsValidator: "Edge:Auth" checks. Users (Users / UsersFile) and Backend are two sources of truth for the
// same question, so they are mutually exclusive; Backend must name a configured backend; and since the client's
// password is forwarded, that backend must be reached over TLS (starttls, implicit-tls) or on loopback.
namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="AuthOptions"/>.</summary>
internal static class AuthOptionsValidator
{
    /// <summary>Longest Edge:Auth:BackendTimeout (the client waits this long for its AUTH reply).</summary>
    public static readonly TimeSpan MaxBackendTimeout = TimeSpan.FromMinutes(2);

    public static void Validate(string key, EdgeOptions options, List<string> failures)
    {
        AuthOptions? auth = options.Auth;
        if (auth is null)
        {
            failures.Add($"{key}: missing");
            return;
        }

        if (auth.BackendTimeout <= TimeSpan.Zero || auth.BackendTimeout > MaxBackendTimeout)
        {
            failures.Add($"{key}:BackendTimeout: {auth.BackendTimeout} is out of range (more than 0, at most {MaxBackendTimeout})");
        }

        if (string.IsNullOrWhiteSpace(auth.Backend))
        {
            return;
        }

        if (auth.Users.Count > 0 || !string.IsNullOrWhiteSpace(auth.UsersFile))
        {
            failures.Add($"{key}:Backend: '{auth.Backend}' delegates AUTH to a backend, so {key}:Users and {key}:UsersFile must be empty (use one or the other)");
        }

        for (int i = 0; i < options.Backends.Count; i++)
        {
            BackendOptions? backend = options.Backends[i];
            if (backend is null || !string.Equals(BackendSettings.EffectiveName(backend, i), auth.Backend, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (EndpointParser.TryParseHostPort(backend.Endpoint, out string host, out _)
                && OptionValueParser.TryParseBackendTls(backend.Tls, out BackendTlsMode tls)
                && tls is not (BackendTlsMode.StartTls or BackendTlsMode.ImplicitTls)
                && !Auth.BackendAuthenticator.IsLoopback(host))
            {
                failures.Add($"{key}:Backend: backend '{auth.Backend}' ({backend.Endpoint}) is not on loopback and its Tls is '{backend.Tls}', so client passwords would cross the network in plaintext; set {EdgeOptions.SectionName}:Backends:{i}:Tls to starttls or implicit-tls");
            }

            return;
        }

        failures.Add($"{key}:Backend: '{auth.Backend}' is not the name of a configured backend ({EdgeOptions.SectionName}:Backends:N:Name)");
    }
}
