// BackendOptionsValidator: checks one "Edge:Backends:N" entry (name, host:port endpoint, TLS mode).
// Every failure names its configuration key.
namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="BackendOptions"/>; used by <see cref="EdgeOptionsValidator"/>.</summary>
internal static class BackendOptionsValidator
{
    public static void Validate(string key, BackendOptions backend, List<string> failures)
    {
        ListenerOptionsValidator.CheckOptionalName($"{key}:Name", backend.Name, failures);

        if (!EndpointParser.TryParseHostPort(backend.Endpoint, out _, out int port))
        {
            failures.Add($"{key}:Endpoint: '{backend.Endpoint}' is not an endpoint (expected host:port, e.g. 10.0.0.5:25, [2001:db8::5]:25 or mta1.internal:25)");
        }
        else if (port == 0)
        {
            failures.Add($"{key}:Endpoint: '{backend.Endpoint}' has port 0; the port must be 1..65535");
        }

        if (!OptionValueParser.TryParseBackendTls(backend.Tls, out _))
        {
            failures.Add($"{key}:Tls: '{backend.Tls}' is not one of {OptionValueParser.BackendTlsValues}");
        }
    }
}
