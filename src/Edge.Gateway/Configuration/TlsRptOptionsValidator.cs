// TlsRptOptionsValidator: start-up check of "Edge:TlsRpt" (registered by the TLS reporting services beside
// EdgeOptionsValidator), naming the key of every problem like the other validators do.
namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="EdgeOptions.TlsRpt"/>.</summary>
internal sealed class TlsRptOptionsValidator : IValidateOptions<EdgeOptions>
{
    /// <summary>Ceiling of every size key: 64 MiB. Reports are summaries; anything bigger is abuse.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Ceiling of KeepLast: the list is for drill-down, not an archive.</summary>
    public const int MaxKeepLast = 10_000;

    /// <summary>Ceiling of MaxConcurrent: each one may hold MaxBodyBytes plus MaxReportBytes.</summary>
    public const int MaxConcurrentCeiling = 256;

    private const string Key = EdgeOptions.SectionName + ":TlsRpt";

    // Paths the host itself serves; a report path on top of them would shadow or be shadowed.
    private static readonly string[] Reserved = ["/metrics", "/healthz", "/readyz"];

    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rpt = options.TlsRpt;
        if (rpt is null)
        {
            return ValidateOptionsResult.Fail($"{Key}: missing");
        }

        List<string> failures = [];
        ValidatePath(rpt.Path, failures);
        for (var i = 0; i < rpt.Mailboxes.Count; i++)
        {
            if (!IsMailbox(rpt.Mailboxes[i]))
            {
                failures.Add($"{Key}:Mailboxes:{i}: '{rpt.Mailboxes[i]}' is not a mailbox address (local-part@domain, e.g. tlsrpt@example.com)");
            }
        }

        CheckSize("MaxBodyBytes", rpt.MaxBodyBytes, failures);
        CheckSize("MaxReportBytes", rpt.MaxReportBytes, failures);
        CheckSize("MaxMessageBytes", rpt.MaxMessageBytes, failures);
        if (rpt.MaxBodyBytes > 0 && rpt.MaxReportBytes > 0 && rpt.MaxBodyBytes > rpt.MaxReportBytes)
        {
            failures.Add($"{Key}:MaxBodyBytes: {rpt.MaxBodyBytes} is more than {Key}:MaxReportBytes ({rpt.MaxReportBytes}); a JSON body is a report, so it cannot be allowed to be bigger");
        }

        if (rpt.MaxConcurrent is < 1 or > MaxConcurrentCeiling)
        {
            failures.Add($"{Key}:MaxConcurrent: {rpt.MaxConcurrent} is not between 1 and {MaxConcurrentCeiling}");
        }

        if (rpt.KeepLast is < 0 or > MaxKeepLast)
        {
            failures.Add($"{Key}:KeepLast: {rpt.KeepLast} is not between 0 and {MaxKeepLast}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>local-part@domain with a host-name domain; no spaces, angle brackets or quotes (compared as typed on RCPT).</summary>
    internal static bool IsMailbox(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > 254)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at > 64)
        {
            return false;
        }

        foreach (var c in address.AsSpan(0, at))
        {
            if (c <= ' ' || c >= 0x7f || c is '<' or '>' or '"' or '@' or '(' or ')' or ',' or ';' or ':' or '\\' or '[' or ']')
            {
                return false;
            }
        }

        return DomainNameSyntax.IsValidHostname(address[(at + 1)..]);
    }

    private static void ValidatePath(string? path, List<string> failures)
    {
        if (string.IsNullOrEmpty(path))
        {
            return; // HTTP intake off
        }

        if (path[0] != '/' || path.Length > 200 || path.EndsWith('/'))
        {
            failures.Add($"{Key}:Path: '{path}' must start with '/', not end with '/', and be at most 200 characters (e.g. /tlsrpt)");
            return;
        }

        foreach (var c in path)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~'))
            {
                failures.Add($"{Key}:Path: '{path}' may only hold letters, digits and / - _ . ~");
                return;
            }
        }

        foreach (var reserved in Reserved)
        {
            if (path.Equals(reserved, StringComparison.OrdinalIgnoreCase) || path.StartsWith(reserved + "/", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{Key}:Path: '{path}' is taken by Edge's {reserved} endpoint");
                return;
            }
        }
    }

    private static void CheckSize(string name, int value, List<string> failures)
    {
        if (value is < 1024 or > MaxBytes)
        {
            failures.Add($"{Key}:{name}: {value} is not between 1024 and {MaxBytes} octets");
        }
    }
}
