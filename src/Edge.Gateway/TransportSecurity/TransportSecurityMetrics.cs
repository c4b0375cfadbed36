// TransportSecurityMetrics: the instruments of MTA-STS consistency and DANE, on the host's registry (EdgeMetrics).
// Gauges describe the certificates in service; labels are configured names only (policy domains, certificate
// hosts, DANE hosts) and refusal reasons from a fixed set, so every label set is bounded.
using Edge.Gateway.Metrics;
using Prometheus;

namespace Edge.Gateway.TransportSecurity;

/// <summary>MTA-STS and DANE metrics (a DI singleton).</summary>
internal sealed class TransportSecurityMetrics
{
    /// <summary>Refusal reason: the new certificate would make an enforce policy inconsistent.</summary>
    public const string ReasonMtaSts = "mta_sts_inconsistent";

    /// <summary>Refusal reason: the new certificate matches none of the published TLSA records.</summary>
    public const string ReasonDane = "dane_mismatch";

    private readonly Lock _lock = new();
    private readonly HashSet<string> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public TransportSecurityMetrics(EdgeMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        PolicyConsistent = factory.CreateGauge("edge_mta_sts_policy_consistent", "1 when the certificates in service cover every mx pattern of the domain's MTA-STS policy, are not about to expire and TLS 1.2+ is on; 0 otherwise (enforce policies only).", ["domain"]);
        NotAfter = factory.CreateGauge("edge_certificate_not_after_timestamp_seconds", "Expiry (notAfter, Unix seconds) of the certificate in service for each configured host name.", ["host"]);
        ReloadsRefused = factory.CreateCounter("edge_certificate_reloads_refused_total", "Certificate reloads refused (the previous certificates stay in service), by reason (mta_sts_inconsistent, dane_mismatch).", ["reason"]);
        TlsaMatch = factory.CreateGauge("edge_dane_tlsa_match", "1 when the certificate in service for the host matches one of its published TLSA records (usage 2 or 3), 0 when none matches.", ["host"]);
        ReloadsRefused.WithLabels(ReasonMtaSts).IncTo(0);
        ReloadsRefused.WithLabels(ReasonDane).IncTo(0);
    }

    public Gauge PolicyConsistent { get; }

    public Gauge NotAfter { get; }

    public Counter ReloadsRefused { get; }

    public Gauge TlsaMatch { get; }

    /// <summary>Sets the expiry gauge for every host of <paramref name="expiries"/> and drops hosts no longer served.</summary>
    public void SetExpiries(IReadOnlyDictionary<string, DateTimeOffset> expiries)
    {
        ArgumentNullException.ThrowIfNull(expiries);
        lock (_lock)
        {
            foreach (var host in _hosts)
            {
                if (!expiries.ContainsKey(host))
                {
                    NotAfter.RemoveLabelled(host);
                }
            }

            _hosts.Clear();
            foreach (var (host, notAfter) in expiries)
            {
                _hosts.Add(host);
                NotAfter.WithLabels(host).Set(notAfter.ToUnixTimeSeconds());
            }
        }
    }
}
