// TlsOptionsValidator: start-up validation of "Edge:Tls" (registered with ValidateOnStart), so a typo in a
// certificate path or host pattern stops the process with a message naming the key, not at the first handshake.
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="TlsOptions"/>.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    private static readonly TimeSpan MaxHandshakeTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (options.HandshakeTimeout <= TimeSpan.Zero || options.HandshakeTimeout > MaxHandshakeTimeout)
        {
            errors.Add($"Edge:Tls:HandshakeTimeout must be between 0 and {MaxHandshakeTimeout} (was {options.HandshakeTimeout}).");
        }

        if (options.ReloadDebounce < TimeSpan.Zero)
        {
            errors.Add($"Edge:Tls:ReloadDebounce must not be negative (was {options.ReloadDebounce}).");
        }

        for (var i = 0; i < options.Certificates.Count; i++)
        {
            var certificate = options.Certificates[i];
            var key = $"Edge:Tls:Certificates:{i}";
            CheckFile(errors, $"{key}:CertPath", certificate.CertPath);
            CheckFile(errors, $"{key}:KeyPath", certificate.KeyPath);
            foreach (var host in certificate.Hosts)
            {
                if (!IsValidHostPattern(host))
                {
                    errors.Add($"{key}:Hosts: '{host}' is not a host name or a '*.domain' wildcard.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckFile(List<string> errors, string key, string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            errors.Add($"{key} is required.");
        }
        else if (!File.Exists(path))
        {
            errors.Add($"{key}: file '{path}' does not exist.");
        }
    }

    /// <summary>A DNS name of letters, digits, '-' and '.', optionally prefixed by one "*." label (RFC 6125 6.4.3).</summary>
    internal static bool IsValidHostPattern(string host)
    {
        var name = host.AsSpan();
        if (name.StartsWith("*."))
        {
            name = name[2..];
        }

        if (name.IsEmpty || name.Length > 253 || name[0] == '.' || name.IndexOf("..".AsSpan(), StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        foreach (var c in name.TrimEnd('.'))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '.' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
