// MtaStsOpenSslTests: independent tools against the real gateway process: a certificate made by `openssl req`,
// the policy fetched over `openssl s_client` with SNI (exact bytes, text/plain), a TLS 1.1-only client refused
// with a protocol_version alert, and the TLSA 3 1 1 printed by `dns-records` equal to OpenSSL's own SHA-256 of the
// certificate's SubjectPublicKeyInfo.
using Edge.Interop.Tests.Hosting;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.TransportSecurity;

public sealed class MtaStsOpenSslTests : IDisposable
{
    private const string PolicyHost = "mta-sts.interop.test";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-interop-sts-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task SClient_PolicyFetchedWithSni_ExactBytes_Tls11Refused()
    {
        var settings = await SettingsAsync();
        var port = FreePorts.Take(1)[0];
        await using var gateway = await GatewayProcess.StartAsync([.. settings, $"--Edge:MtaSts:Endpoint=127.0.0.1:{port}"]);

        // No -crlf: the request carries its own CRLFs. -ign_eof: read until the server closes (Connection: close).
        var fetch = await ExternalTool.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", PolicyHost, "-brief", "-ign_eof"],
            $"GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: {PolicyHost}\r\nConnection: close\r\n\r\n");

        Assert.Contains("Peer certificate: CN = mx.interop.test", fetch.StandardError, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", fetch.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/plain\r\n", fetch.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nversion: STSv1\r\nmode: enforce\r\nmx: mx.interop.test\r\nmax_age: 86400\r\n", fetch.StandardOutput, StringComparison.Ordinal);

        // SECLEVEL=0 lets OpenSSL 3 offer TLS 1.1 at all, so the refusal tested is the server's.
        var old = await ExternalTool.RunAsync("openssl",
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", PolicyHost, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-brief"], "");
        Assert.True(old.ExitCode != 0, old.Describe());
        Assert.Contains("alert protocol version", old.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DnsRecords_Tlsa311_EqualsOpenSslSpkiDigest()
    {
        var settings = await SettingsAsync();

        var records = await ExternalTool.RunAsync(GatewayProcess.DotnetHost(), [GatewayProcess.GatewayAssemblyPath(), "dns-records", .. settings]);
        Assert.True(records.ExitCode == 0, records.Describe());

        var spki = Path.Combine(_directory.FullName, "spki.der");
        var pubkey = await ExternalTool.RunAsync("openssl", ["x509", "-in", PathOf("mx.pem"), "-noout", "-pubkey"]);
        var der = await ExternalTool.RunAsync("openssl", ["pkey", "-pubin", "-outform", "DER", "-out", spki], pubkey.StandardOutput);
        Assert.True(der.ExitCode == 0, der.Describe());
        var digest = await ExternalTool.RunAsync("openssl", ["dgst", "-sha256", "-r", spki]);
        var hex = digest.StandardOutput.Split(' ')[0].Trim();

        Assert.Matches("^[0-9a-f]{64}$", hex);
        Assert.Contains($"_25._tcp.mx.interop.test TLSA 3 1 1 {hex}\n", records.StandardOutput, StringComparison.Ordinal);
        Assert.Matches("_mta-sts\\.interop\\.test TXT \"v=STSv1; id=[0-9a-f]{20}\"", records.StandardOutput);
    }

    private async Task<string[]> SettingsAsync()
    {
        var request = await ExternalTool.RunAsync("openssl",
        [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "60",
            "-keyout", PathOf("mx.key"), "-out", PathOf("mx.pem"), "-subj", "/CN=mx.interop.test",
            "-addext", $"subjectAltName=DNS:mx.interop.test,DNS:{PolicyHost}",
        ]);
        Assert.True(request.ExitCode == 0, request.Describe());
        return
        [
            $"--Edge:Tls:Certificates:0:CertPath={PathOf("mx.pem")}", $"--Edge:Tls:Certificates:0:KeyPath={PathOf("mx.key")}",
            "--Edge:Tls:Certificates:0:Hosts:0=mx.interop.test", $"--Edge:Tls:Certificates:0:Hosts:1={PolicyHost}",
            "--Edge:MtaSts:Policies:0:Domain=interop.test", "--Edge:MtaSts:Policies:0:Mode=enforce",
            "--Edge:MtaSts:Policies:0:Mx:0=mx.interop.test", "--Edge:MtaSts:Policies:0:MaxAgeSeconds=86400",
        ];
    }

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);
}
