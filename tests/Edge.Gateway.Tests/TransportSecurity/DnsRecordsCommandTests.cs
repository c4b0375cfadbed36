// DnsRecordsCommandTests: `dns-records` prints the records for the configuration the gateway runs with: the
// _mta-sts id is the one of the bytes actually served over HTTPS and changes exactly when the policy does; the
// TLSRPT record carries the rua URIs; TLSA 3 1 1 for the current and, with --next-cert, the next certificate.
using System.Security.Cryptography;

namespace Edge.Gateway.Tests.TransportSecurity;

public sealed class DnsRecordsCommandTests : IDisposable
{
    private readonly PkiFiles _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Run_IdIsOfServedBytes_AndChangesExactlyWhenPolicyChanges()
    {
        using var leaf = _pki.Write("mx", ["mx.a.test", "mta-sts.a.test"]);
        var week = Config("604800");
        var day = Config("86400");

        var id = Id(Run(week).Output);
        Assert.Equal(id, Id(Run(week).Output));            // same policy, same id
        var changed = Id(Run(day).Output);
        Assert.NotEqual(id, changed);                      // max_age changed, id changed

        await using (var gateway = await StsGateway.StartAsync([.. week, "--Edge:MtaSts:Endpoint=127.0.0.1:0"]))
        {
            Assert.Equal(id, IdOf((await gateway.GetAsync("mta-sts.a.test")).Body));
        }

        await using (var gateway = await StsGateway.StartAsync([.. day, "--Edge:MtaSts:Endpoint=127.0.0.1:0"]))
        {
            Assert.Equal(changed, IdOf((await gateway.GetAsync("mta-sts.a.test")).Body));
        }
    }

    [Fact]
    public void Run_PrintsTlsRptAndTlsaForCurrentAndNextCertificate()
    {
        using var current = _pki.Write("mx", ["mx.a.test", "mta-sts.a.test"]);
        using var next = _pki.Write("next", ["mx.a.test", "mta-sts.a.test"]);

        var (code, output, error) = Run([.. Config("604800"), "--next-cert", _pki.CertPath("next")]);

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("_smtp._tls.a.test TXT \"v=TLSRPTv1; rua=mailto:tlsrpt@a.test,https://reports.a.test/tlsrpt\"", lines);
        var tlsa = Array.FindAll(lines, l => l.StartsWith("_25._tcp.", StringComparison.Ordinal));
        Assert.Equal([$"_25._tcp.mx.a.test TLSA 3 1 1 {PkiFiles.SpkiSha256(current)}", $"_25._tcp.mx.a.test TLSA 3 1 1 {PkiFiles.SpkiSha256(next)}"], tlsa);
        Assert.Equal("", error);
    }

    [Fact]
    public void Run_BadConfiguration_ExitCode2_KeyOnStandardError()
    {
        var (code, output, error) = Run(["--Edge:MtaSts:Policies:0:Domain=a.test", "--Edge:MtaSts:Policies:0:Mode=enforce"]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("Edge:MtaSts:Policies:0:Mx: at least one MX pattern", error, StringComparison.Ordinal);
    }

    private string[] Config(string maxAge) =>
    [
        .. StsGateway.Certificate(_pki, 0, "mx", "mx.a.test", "mta-sts.a.test"),
        "--Edge:MtaSts:Policies:0:Domain=a.test", "--Edge:MtaSts:Policies:0:Mode=enforce", "--Edge:MtaSts:Policies:0:Mx:0=mx.a.test",
        "--Edge:MtaSts:Policies:0:MaxAgeSeconds=" + maxAge,
        "--Edge:MtaSts:ReportingAddresses:0=mailto:tlsrpt@a.test", "--Edge:MtaSts:ReportingAddresses:1=https://reports.a.test/tlsrpt",
        "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
        "--Edge:Http:Endpoint=127.0.0.1:0",
    ];

    private static (int Code, string Output, string Error) Run(string[] config)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Edge.Gateway.TransportSecurity.DnsRecordsCommand.Run(["dns-records", .. config], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Id(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            const string Prefix = "_mta-sts.a.test TXT \"v=STSv1; id=";
            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return line[Prefix.Length..].TrimEnd('\r', '"');
            }
        }

        throw new InvalidOperationException("no _mta-sts record in:\n" + output);
    }

    private static string IdOf(byte[] served) => Convert.ToHexStringLower(SHA256.HashData(served))[..20];
}
