// DnsRecordsCommand: `Edge.Gateway dns-records [--config F] [--next-cert PEM] [--Edge:...=...]` prints the DNS
// records to publish, from the same configuration the gateway runs with: _mta-sts.<domain> TXT (id from the policy
// bytes), _smtp._tls.<domain> TXT (Edge:MtaSts:ReportingAddresses), and _25._tcp.<mx-host> TLSA 3 1 1 for the
// certificate in service and, with --next-cert, for the next one (publish both before a rollover). Nothing starts.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Hosting;
using Edge.Gateway.Tls;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.TransportSecurity;

/// <summary>The <c>dns-records</c> verb.</summary>
internal static class DnsRecordsCommand
{
    public const string Verb = "dns-records";
    private const string NextCertOption = "--next-cert";

    public static bool Matches(string[] args) => args is [Verb, ..];

    /// <summary>Prints the records; returns the process exit code (0, or 2 on bad arguments or configuration).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        List<string> rest = [];
        string? nextCertPath = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == NextCertOption)
            {
                if (i + 1 >= args.Length)
                {
                    error.WriteLine($"{Verb}: {NextCertOption} needs a PEM file");
                    return 2;
                }

                nextCertPath = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        X509Certificate2? next = null;
        try
        {
            if (nextCertPath is not null)
            {
                var chain = new X509Certificate2Collection();
                chain.ImportFromPemFile(nextCertPath);
                next = chain.Count > 0 ? chain[0] : throw new CryptographicException("no certificate in the file");
            }

            // Logging off: stdout carries only the records. No watchers: nothing is served.
            rest.AddRange(["--Logging:LogLevel:Default=None", "--Edge:Tls:ReloadOnChange=false"]);
            using var app = EdgeHost.Build([.. rest]);
            var services = app.Services;
            var options = services.GetRequiredService<IOptions<MtaStsOptions>>().Value;
            var policies = services.GetRequiredService<MtaStsPolicies>();
            var store = services.GetRequiredService<CertificateStore>();
            var hostname = services.GetRequiredService<IOptions<Configuration.EdgeOptions>>().Value.Hostname;
            var dane = services.GetRequiredService<TlsaSource>();
            Print(output, error, options, policies, store.Current, TlsaHosts(policies, dane, hostname), next);
            return 0;
        }
        catch (Exception ex) when (ex is OptionsValidationException or IOException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            error.WriteLine($"{Verb}: {ex.Message}");
            return 2;
        }
        finally
        {
            next?.Dispose();
        }
    }

    private static void Print(TextWriter output, TextWriter error, MtaStsOptions options, MtaStsPolicies policies, CertificateSnapshot current, List<string> hosts, X509Certificate2? next)
    {
        if (policies.All.Count == 0)
        {
            error.WriteLine($"{Verb}: no MTA-STS policy configured (Edge:MtaSts:Policies); printing TLSA records only");
        }

        var rua = string.Join(',', options.ReportingAddresses);
        foreach (var policy in policies.All)
        {
            output.WriteLine($"; {policy.Domain}: policy mode {MtaStsPolicy.ModeName(policy.Mode)}, served at https://{policy.PolicyHost}{MtaStsHttps.PolicyPath} (point {policy.PolicyHost} A/AAAA at Edge's Edge:MtaSts:Endpoint)");
            output.WriteLine($"_mta-sts.{policy.Domain} TXT \"{policy.TxtRecord}\"");
            if (rua.Length > 0)
            {
                output.WriteLine($"_smtp._tls.{policy.Domain} TXT \"v=TLSRPTv1; rua={rua}\"");
            }
        }

        if (rua.Length == 0 && policies.All.Count > 0)
        {
            error.WriteLine($"{Verb}: no Edge:MtaSts:ReportingAddresses; no _smtp._tls (TLSRPT) record printed");
        }

        output.WriteLine("; DANE (RFC 7672): TLSA 3 1 1 of the certificate in service" + (next is null ? "" : ", then of the next certificate (publish both before switching)"));
        foreach (var host in hosts)
        {
            var served = current.Select(host);
            output.WriteLine($"_25._tcp.{host} TLSA {TlsaRecord.DaneEe(served.Certificate)}");
            if (next is not null)
            {
                output.WriteLine($"_25._tcp.{host} TLSA {TlsaRecord.DaneEe(next)}");
            }

            if (served.SelfSigned)
            {
                error.WriteLine($"{Verb}: {host} is served by a generated self-signed certificate that changes at every start; configure Edge:Tls:Certificates before publishing TLSA records");
            }
        }
    }

    // The exact MX names of the policies, then the DANE hosts; Edge:Hostname when there are none.
    private static List<string> TlsaHosts(MtaStsPolicies policies, TlsaSource dane, string hostname)
    {
        var hosts = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var policy in policies.All)
        {
            foreach (var mx in policy.Mx)
            {
                if (!mx.StartsWith("*.", StringComparison.Ordinal) && seen.Add(mx))
                {
                    hosts.Add(mx);
                }
            }
        }

        foreach (var host in dane.Hosts)
        {
            if (seen.Add(host))
            {
                hosts.Add(host);
            }
        }

        if (hosts.Count == 0)
        {
            hosts.Add(MtaStsPolicy.Normalize(hostname));
        }

        return hosts;
    }
}
