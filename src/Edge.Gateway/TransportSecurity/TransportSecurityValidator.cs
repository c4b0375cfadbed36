// TransportSecurityValidator: the MTA-STS consistency and DANE check, run on the start-up certificates and on every
// reloaded snapshot before it is served (ICertificateSnapshotValidator). Problems are logged as errors and exported;
// a reload is refused when Edge:MtaSts:RefuseInconsistentReload or Edge:Dane:OnMismatch=refuse says so, and then
// the gauges keep describing the certificates still in service. Start-up is never refused (nothing to fall back to).
using Edge.Gateway.Tls;

namespace Edge.Gateway.TransportSecurity;

/// <summary>Checks certificate snapshots against the MTA-STS policies and TLSA records.</summary>
internal sealed partial class TransportSecurityValidator : ICertificateSnapshotValidator
{
    private readonly MtaStsOptions _sts;
    private readonly bool _refuseDaneMismatch;
    private readonly MtaStsPolicies _policies;
    private readonly TlsaSource _tlsa;
    private readonly TransportSecurityMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<TransportSecurityValidator> _logger;

    public TransportSecurityValidator(
        IOptions<MtaStsOptions> sts,
        IOptions<DaneOptions> dane,
        MtaStsPolicies policies,
        TlsaSource tlsa,
        TransportSecurityMetrics metrics,
        TimeProvider time,
        ILogger<TransportSecurityValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentNullException.ThrowIfNull(dane);
        _sts = sts.Value;
        _refuseDaneMismatch = DaneOptionsValidator.TryParseAction(dane.Value.OnMismatch, out var refuse) && refuse;
        _policies = policies;
        _tlsa = tlsa;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public bool Validate(CertificateSnapshot candidate, bool reload)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var now = _time.GetUtcNow();
        var margin = TimeSpan.FromDays(_sts.ExpiryMarginDays);
        var servesPolicy = !string.IsNullOrWhiteSpace(_sts.Endpoint);

        List<(string Domain, bool Consistent)> policies = [];
        foreach (var policy in _policies.All)
        {
            if (policy.Mode != MtaStsMode.Enforce)
            {
                continue;
            }

            var problems = MtaStsConsistency.Check(policy, candidate, now, margin, servesPolicy);
            foreach (var problem in problems)
            {
                Log.PolicyInconsistent(_logger, policy.Domain, problem);
            }

            policies.Add((policy.Domain, problems.Count == 0));
        }

        List<(string Host, bool Match)> dane = [];
        foreach (var host in _tlsa.Hosts)
        {
            var records = _tlsa.Records(host, out var error);
            if (error is not null)
            {
                Log.TlsaLookupFailed(_logger, host, error);
            }

            if (records.Count == 0)
            {
                if (error is null)
                {
                    Log.NoTlsaRecords(_logger, host);
                }

                continue;   // nothing published (or unknown): nothing a certificate could break
            }

            var served = candidate.Select(host);
            var match = records.Exists(r => r.Matches(served.Certificate, served.Intermediates));
            if (!match)
            {
                Log.TlsaMismatch(_logger, host, served.Certificate.Subject, TlsaRecord.DaneEe(served.Certificate).ToString(), records.Count);
            }

            dane.Add((host, match));
        }

        var stsBroken = policies.Exists(p => !p.Consistent);
        var daneBroken = dane.Exists(d => !d.Match);
        if (reload && ((stsBroken && _sts.RefuseInconsistentReload) || (daneBroken && _refuseDaneMismatch)))
        {
            var reason = stsBroken && _sts.RefuseInconsistentReload ? TransportSecurityMetrics.ReasonMtaSts : TransportSecurityMetrics.ReasonDane;
            _metrics.ReloadsRefused.WithLabels(reason).Inc();
            Log.ReloadRefused(_logger, reason);
            return false;
        }

        Publish(candidate, policies, dane);
        return true;
    }

    private void Publish(CertificateSnapshot served, List<(string Domain, bool Consistent)> policies, List<(string Host, bool Match)> dane)
    {
        foreach (var (domain, consistent) in policies)
        {
            _metrics.PolicyConsistent.WithLabels(domain).Set(consistent ? 1 : 0);
        }

        foreach (var (host, match) in dane)
        {
            _metrics.TlsaMatch.WithLabels(host).Set(match ? 1 : 0);
        }

        var expiries = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var certificate in served.Certificates)
        {
            var notAfter = new DateTimeOffset(certificate.Certificate.NotAfter.ToUniversalTime());
            foreach (var host in certificate.Hosts)
            {
                expiries.TryAdd(MtaStsPolicy.Normalize(host), notAfter);
            }
        }

        _metrics.SetExpiries(expiries);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8501, Level = LogLevel.Error, Message = "MTA-STS policy of {Domain} (mode enforce) is INCONSISTENT with the certificates: {Problem}; senders enforcing it will refuse to deliver")]
        public static partial void PolicyInconsistent(ILogger logger, string domain, string problem);

        [LoggerMessage(EventId = 8502, Level = LogLevel.Error, Message = "DANE: the certificate for {Host} ({Subject}, TLSA 3 1 1 {Record}) matches none of its {Count} TLSA records; DANE senders will refuse to deliver")]
        public static partial void TlsaMismatch(ILogger logger, string host, string subject, string record, int count);

        [LoggerMessage(EventId = 8503, Level = LogLevel.Warning, Message = "DANE: TLSA lookup for {Host} failed ({Error}); its records were not checked")]
        public static partial void TlsaLookupFailed(ILogger logger, string host, string error);

        [LoggerMessage(EventId = 8504, Level = LogLevel.Warning, Message = "DANE: no TLSA records found for {Host}")]
        public static partial void NoTlsaRecords(ILogger logger, string host);

        [LoggerMessage(EventId = 8505, Level = LogLevel.Critical, Message = "Certificate reload REFUSED ({Reason}); the previous certificates stay in service")]
        public static partial void ReloadRefused(ILogger logger, string reason);
    }
}
