// TlsaSource: the TLSA records of the gateway's own names: those configured under Edge:Dane:Tlsa, plus those looked
// up as _25._tcp.<host> through Edge:Dane:Resolver for each of Edge:Dane:Hosts (DnsClient, no cache, TCP fallback,
// bounded by Edge:Dane:ResolverTimeout). A lookup failure is reported as such, never as "no records".
using DnsClient;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.TransportSecurity;

/// <summary>TLSA records by host.</summary>
internal sealed class TlsaSource
{
    private readonly Dictionary<string, List<TlsaRecord>> _configured = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _lookedUp = [];
    private readonly LookupClient? _client;

    public TlsaSource(IOptions<DaneOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dane = options.Value;
        foreach (var entry in dane.Tlsa)
        {
            if (TlsaRecord.TryParse(entry.Record, out var record))
            {
                var host = MtaStsPolicy.Normalize(entry.Host);
                if (!_configured.TryGetValue(host, out var list))
                {
                    _configured[host] = list = [];
                }

                list.Add(record);
            }
        }

        if (!string.IsNullOrWhiteSpace(dane.Resolver) && EndpointParser.TryParseHostPort(dane.Resolver, out var server, out var port))
        {
            _client = new LookupClient(new LookupClientOptions(new IPEndPoint(IPAddress.Parse(server), port))
            {
                Timeout = dane.ResolverTimeout,
                Retries = 0,
                UseCache = false,
                UseTcpFallback = true,
                ThrowDnsErrors = false,
                ContinueOnDnsError = false,
            });
            foreach (var host in dane.Hosts)
            {
                _lookedUp.Add(MtaStsPolicy.Normalize(host));
            }
        }
    }

    /// <summary>Every host with configured or looked-up records, configured ones first.</summary>
    public IEnumerable<string> Hosts
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var host in _configured.Keys)
            {
                if (seen.Add(host))
                {
                    yield return host;
                }
            }

            foreach (var host in _lookedUp)
            {
                if (seen.Add(host))
                {
                    yield return host;
                }
            }
        }
    }

    /// <summary>
    /// The records of <paramref name="host"/>; <paramref name="error"/> is set (and records may be partial) when a lookup
    /// failed. Blocks for at most the resolver timeout.
    /// </summary>
    public List<TlsaRecord> Records(string host, out string? error)
    {
        error = null;
        List<TlsaRecord> records = _configured.TryGetValue(host, out var configured) ? [.. configured] : [];
        if (_client is null || !_lookedUp.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return records;
        }

        var name = $"_25._tcp.{host}";
        try
        {
            var response = _client.Query(name, QueryType.TLSA);
            if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            {
                error = $"{name} TLSA: {response.ErrorMessage}";
                return records;
            }

            foreach (var answer in response.Answers.TlsaRecords())
            {
                records.Add(new TlsaRecord((byte)answer.CertificateUsage, (byte)answer.Selector, (byte)answer.MatchingType, [.. answer.CertificateAssociationData]));
            }
        }
        catch (DnsResponseException ex)
        {
            error = $"{name} TLSA: {ex.Message}";
        }

        return records;
    }
}
