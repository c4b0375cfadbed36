// MtaStsOptionsValidator: start-up check of "Edge:MtaSts" (ValidateOnStart). Every problem is listed with its key,
// e.g. "Edge:MtaSts:Policies:0:Mode: 'enforcing' is not one of enforce, testing, none".
using Edge.Gateway.Configuration;

namespace Edge.Gateway.TransportSecurity;

/// <summary>Validates <see cref="MtaStsOptions"/>.</summary>
internal sealed class MtaStsOptionsValidator : IValidateOptions<MtaStsOptions>
{
    /// <summary>RFC 8461 3.2: max_age is at most 31557600 seconds (about one year).</summary>
    public const long MaxMaxAgeSeconds = 31_557_600;

    private const string Root = MtaStsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, MtaStsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            ListenerOptionsValidator.ValidateListenEndpoint($"{Root}:Endpoint", options.Endpoint, failures);
            if (options.Policies.Count == 0)
            {
                failures.Add($"{Root}:Policies: an HTTPS endpoint is configured ({Root}:Endpoint) but no policy to serve; add {Root}:Policies:0:Domain, Mode and Mx");
            }
        }

        HashSet<string> domains = new(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Policies.Count; i++)
        {
            ValidatePolicy($"{Root}:Policies:{i}", options.Policies[i], domains, failures);
        }

        for (var i = 0; i < options.ReportingAddresses.Count; i++)
        {
            if (!IsReportingUri(options.ReportingAddresses[i]))
            {
                failures.Add($"{Root}:ReportingAddresses:{i}: '{options.ReportingAddresses[i]}' is not a TLSRPT rua URI (mailto:tlsrpt@example.com or https://host/path, RFC 8460 3; no ',' or ';')");
            }
        }

        if (options.ExpiryMarginDays is < 0 or > 365)
        {
            failures.Add($"{Root}:ExpiryMarginDays: {options.ExpiryMarginDays} must be between 0 and 365");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePolicy(string key, MtaStsPolicyOptions? policy, HashSet<string> domains, List<string> failures)
    {
        if (policy is null)
        {
            failures.Add($"{key}: empty policy entry");
            return;
        }

        if (!DomainNameSyntax.IsValidHostname(policy.Domain) || policy.Domain.StartsWith("mta-sts.", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:Domain: '{policy.Domain}' is not a mail domain (e.g. example.com; the policy host mta-sts.<Domain> is derived)");
        }
        else if (!domains.Add(MtaStsPolicy.Normalize(policy.Domain)))
        {
            failures.Add($"{key}:Domain: '{policy.Domain}' has another policy (one policy per domain)");
        }

        if (!MtaStsPolicy.TryParseMode(policy.Mode, out var mode))
        {
            failures.Add($"{key}:Mode: '{policy.Mode}' is not one of enforce, testing, none");
        }
        else if (mode != MtaStsMode.None && policy.Mx.Count == 0)
        {
            failures.Add($"{key}:Mx: at least one MX pattern is required in mode {MtaStsPolicy.ModeName(mode)} (e.g. {key}:Mx:0=mx.example.com)");
        }

        for (var m = 0; m < policy.Mx.Count; m++)
        {
            if (!DomainNameSyntax.IsValidDomainPattern(policy.Mx[m]?.Trim()))
            {
                failures.Add($"{key}:Mx:{m}: '{policy.Mx[m]}' is not an MX host name or a '*.domain' pattern (RFC 8461 4.1)");
            }
        }

        if (policy.MaxAgeSeconds is < 0 or > MaxMaxAgeSeconds)
        {
            failures.Add($"{key}:MaxAgeSeconds: {policy.MaxAgeSeconds} must be between 0 and {MaxMaxAgeSeconds} (RFC 8461 3.2)");
        }
    }

    private static bool IsReportingUri(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.AsSpan().IndexOfAny(",; \"") >= 0)
        {
            return false;
        }

        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            var address = value[7..];
            var at = address.IndexOf('@', StringComparison.Ordinal);
            return at > 0 && DomainNameSyntax.IsValidHostname(address[(at + 1)..]);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);
    }
}
