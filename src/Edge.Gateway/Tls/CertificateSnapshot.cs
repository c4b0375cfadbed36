// CertificateSnapshot: an immutable set of server certificates with its SNI map, swapped atomically by
// CertificateStore on reload. Selection: exact host name, then a one-label wildcard ("*.example.com" serves
// "mx.example.com", not "example.com" or "a.b.example.com", RFC 6125 6.4.3), then the default (first) certificate.
// Lookups are case-insensitive, ignore a trailing dot, and allocate nothing.
using System.Collections.Frozen;
using System.Net.Security;

namespace Edge.Gateway.Tls;

/// <summary>Certificates and SNI map of one load.</summary>
internal sealed class CertificateSnapshot : IDisposable
{
    private readonly FrozenDictionary<string, ServerCertificate>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly FrozenDictionary<string, ServerCertificate>.AlternateLookup<ReadOnlySpan<char>> _wildcard;

    public CertificateSnapshot(IReadOnlyList<ServerCertificate> certificates)
    {
        if (certificates.Count == 0)
        {
            throw new ArgumentException("A snapshot needs at least one certificate.", nameof(certificates));
        }

        Certificates = certificates;
        Default = certificates[0];

        var exact = new Dictionary<string, ServerCertificate>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, ServerCertificate>(StringComparer.OrdinalIgnoreCase);
        foreach (var certificate in certificates)
        {
            foreach (var host in certificate.Hosts)
            {
                var name = host.Trim().TrimEnd('.');
                if (name.StartsWith("*.", StringComparison.Ordinal))
                {
                    // First certificate listing a name wins, as in the configuration order.
                    wildcard.TryAdd(name[2..], certificate);
                }
                else if (name.Length > 0)
                {
                    exact.TryAdd(name, certificate);
                }
            }
        }

        _exact = exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _wildcard = wildcard.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<ServerCertificate> Certificates { get; }

    /// <summary>Served when the client sends no SNI or an unknown name.</summary>
    public ServerCertificate Default { get; }

    public ServerCertificate Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return Default;
        }

        var name = serverName.AsSpan().TrimEnd('.');
        if (_exact.TryGetValue(name, out var certificate))
        {
            return certificate;
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && _wildcard.TryGetValue(name[(dot + 1)..], out certificate))
        {
            return certificate;
        }

        return Default;
    }

    public SslServerAuthenticationOptions SelectOptions(string? serverName) => Select(serverName).Options;

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
