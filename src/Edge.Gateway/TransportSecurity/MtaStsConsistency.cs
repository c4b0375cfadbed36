// MtaStsConsistency: is an enforce policy safe with the certificates about to be served (RFC 8461 4.1)? Each mx
// pattern must be covered by a DNS SAN of the certificate the SMTP listeners present for that name (an exact
// pattern by the same name or a one-label wildcard; a "*.domain" pattern only by the same wildcard SAN), that
// certificate must not expire within the margin nor be the generated self-signed one, and only TLS 1.2+ may be
// enabled. With the HTTPS listener on, the certificate for mta-sts.<domain> must cover that name too.
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Tls;

namespace Edge.Gateway.TransportSecurity;

/// <summary>Checks a policy against a certificate snapshot. Pure; never throws.</summary>
internal static class MtaStsConsistency
{
    /// <summary>Human-readable problems (empty: consistent).</summary>
    public static List<string> Check(MtaStsPolicy policy, CertificateSnapshot snapshot, DateTimeOffset now, TimeSpan expiryMargin, bool servesPolicyHost)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(snapshot);
        List<string> problems = [];
        foreach (var pattern in policy.Mx)
        {
            CheckName(pattern, snapshot, now, expiryMargin, problems);
        }

        if (servesPolicyHost)
        {
            CheckName(policy.PolicyHost, snapshot, now, expiryMargin, problems);
        }

        return problems;
    }

    /// <summary>True when a DNS SAN of <paramref name="certificate"/> covers the host or pattern <paramref name="name"/>.</summary>
    public static bool Covers(X509Certificate2 certificate, string name)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var wanted = MtaStsPolicy.Normalize(name);
        foreach (var san in CertificateLoader.DnsNames(certificate))
        {
            var candidate = MtaStsPolicy.Normalize(san);
            if (string.Equals(candidate, wanted, StringComparison.Ordinal))
            {
                return true;
            }

            // A wildcard SAN covers exactly one extra leftmost label (RFC 6125 6.4.3), never another wildcard pattern.
            if (candidate.StartsWith("*.", StringComparison.Ordinal) && !wanted.StartsWith("*.", StringComparison.Ordinal))
            {
                var dot = wanted.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && string.Equals(wanted[(dot + 1)..], candidate[2..], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void CheckName(string name, CertificateSnapshot snapshot, DateTimeOffset now, TimeSpan expiryMargin, List<string> problems)
    {
        var served = snapshot.Select(name);
        var certificate = served.Certificate;
        var subject = $"{certificate.Subject} (SHA-256 {served.Fingerprint})";
        if (served.SelfSigned)
        {
            problems.Add($"{name}: served by the generated self-signed certificate; senders cannot validate it (configure Edge:Tls:Certificates)");
        }

        if (!Covers(certificate, name))
        {
            problems.Add($"{name}: not covered by a subjectAltName of {subject}");
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (notAfter - now < expiryMargin)
        {
            problems.Add($"{name}: {subject} expires {notAfter:u}, within {expiryMargin.TotalDays:0} days");
        }

        var protocols = served.Options.EnabledSslProtocols;
        const SslProtocols Modern = SslProtocols.Tls12 | SslProtocols.Tls13;
        if ((protocols & Modern) == 0 || (protocols & ~Modern) != 0)
        {
            problems.Add($"{name}: TLS protocols {protocols} enabled; RFC 8461 4.1 needs TLS 1.2 or later only");
        }
    }
}
