// DaneOptionsValidator: start-up check of "Edge:Dane" (ValidateOnStart); messages name the key.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.TransportSecurity;

/// <summary>Validates <see cref="DaneOptions"/>.</summary>
internal sealed class DaneOptionsValidator : IValidateOptions<DaneOptions>
{
    private const string Root = DaneOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, DaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        for (var i = 0; i < options.Tlsa.Count; i++)
        {
            var key = $"{Root}:Tlsa:{i}";
            var entry = options.Tlsa[i];
            if (entry is null)
            {
                failures.Add($"{key}: empty entry");
                continue;
            }

            if (!DomainNameSyntax.IsValidHostname(entry.Host))
            {
                failures.Add($"{key}:Host: '{entry.Host}' is not a host name (e.g. mx.example.com)");
            }

            if (!TlsaRecord.TryParse(entry.Record, out var record))
            {
                failures.Add($"{key}:Record: '{entry.Record}' is not a TLSA record (usage selector matching-type hex, e.g. 3 1 1 0a1b…)");
            }
            else if (!record.IsUsable)
            {
                failures.Add($"{key}:Record: '{entry.Record}' cannot be used by SMTP DANE (usage 2 or 3, selector 0 or 1, matching type 0, 1 or 2; RFC 7672 3.1)");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Resolver))
        {
            if (!EndpointParser.TryParseHostPort(options.Resolver, out var host, out _) || !IPAddress.TryParse(host, out _))
            {
                failures.Add($"{Root}:Resolver: '{options.Resolver}' is not an IP address and port (e.g. 127.0.0.1:53)");
            }

            if (options.Hosts.Count == 0)
            {
                failures.Add($"{Root}:Hosts: a resolver is configured but no host to look up; add {Root}:Hosts:0=mx.example.com");
            }
        }
        else if (options.Hosts.Count > 0)
        {
            failures.Add($"{Root}:Resolver: {Root}:Hosts lists hosts to look up but no resolver is set (e.g. {Root}:Resolver=127.0.0.1:53)");
        }

        for (var i = 0; i < options.Hosts.Count; i++)
        {
            if (!DomainNameSyntax.IsValidHostname(options.Hosts[i]))
            {
                failures.Add($"{Root}:Hosts:{i}: '{options.Hosts[i]}' is not a host name");
            }
        }

        if (options.ResolverTimeout <= TimeSpan.Zero || options.ResolverTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Root}:ResolverTimeout: {options.ResolverTimeout} must be more than 0 and at most 00:01:00");
        }

        if (!TryParseAction(options.OnMismatch, out _))
        {
            failures.Add($"{Root}:OnMismatch: '{options.OnMismatch}' is not one of warn, refuse");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>warn → false, refuse → true.</summary>
    public static bool TryParseAction(string? text, out bool refuse)
    {
        refuse = string.Equals(text?.Trim(), "refuse", StringComparison.OrdinalIgnoreCase);
        return refuse || string.Equals(text?.Trim(), "warn", StringComparison.OrdinalIgnoreCase);
    }
}
