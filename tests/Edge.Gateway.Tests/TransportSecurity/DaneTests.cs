// DaneTests: TLSA checks at start-up and on the real reload path, with records configured (Edge:Dane:Tlsa) or looked
// up through a resolver (an in-test DNS server on 127.0.0.1): 3 1 1 against the leaf, 2 1 1 against the chain's CA,
// a rollover published first accepted, a mismatch refused (OnMismatch=refuse) or served and flagged (warn), and a
// resolver that does not answer never causing a refusal.
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Gateway.Tests.TransportSecurity;

public sealed class DaneTests : IDisposable
{
    private const string TlsaName = "_25._tcp.mx.a.test";
    private readonly PkiFiles _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Configured_Match_ThenReloadMismatch_RefusedAndOldKept()
    {
        using var first = _pki.Write("mx", ["mx.a.test"]);
        await using var gateway = await StartAsync("refuse", [$"--Edge:Dane:Tlsa:0:Host=mx.a.test", $"--Edge:Dane:Tlsa:0:Record=3 1 1 {PkiFiles.SpkiSha256(first)}"]);
        Assert.Equal(1, (await gateway.ScrapeAsync()).Value("edge_dane_tlsa_match", ("host", "mx.a.test")));

        using var renewed = _pki.Write("mx", ["mx.a.test"]);   // new key, record not published
        Assert.False(gateway.Certificates.Reload());

        Assert.Equal(Fingerprint(first), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(1, scrape.Value("edge_certificate_reloads_refused_total", ("reason", "dane_mismatch")));
        Assert.Equal(1, scrape.Value("edge_dane_tlsa_match", ("host", "mx.a.test")));
    }

    [Fact]
    public async Task Configured_ReloadMismatch_Warn_ServedAndFlagged()
    {
        using var first = _pki.Write("mx", ["mx.a.test"]);
        await using var gateway = await StartAsync("warn", [$"--Edge:Dane:Tlsa:0:Host=mx.a.test", $"--Edge:Dane:Tlsa:0:Record=3 1 1 {PkiFiles.SpkiSha256(first)}"]);

        using var renewed = _pki.Write("mx", ["mx.a.test"]);
        Assert.True(gateway.Certificates.Reload());

        Assert.Equal(Fingerprint(renewed), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(0, scrape.Value("edge_dane_tlsa_match", ("host", "mx.a.test")));
        Assert.Equal(0, scrape.Value("edge_certificate_reloads_refused_total", ("reason", "dane_mismatch")));
    }

    [Fact]
    public async Task Startup_ConfiguredRecordOfAnotherKey_Mismatch()
    {
        using var other = PkiFiles.CreateCa("other");
        using var first = _pki.Write("mx", ["mx.a.test"]);
        await using var gateway = await StartAsync("refuse", [$"--Edge:Dane:Tlsa:0:Host=mx.a.test", $"--Edge:Dane:Tlsa:0:Record=3 1 1 {PkiFiles.SpkiSha256(other)}"]);

        Assert.Equal(0, (await gateway.ScrapeAsync()).Value("edge_dane_tlsa_match", ("host", "mx.a.test")));
    }

    [Fact]
    public async Task Resolver_RolloverPublishedFirst_Accepted_UnpublishedKeyRefused()
    {
        await using var dns = new TlsaDnsServer();
        using var first = _pki.Write("mx", ["mx.a.test"]);
        dns.Set(TlsaName, $"3 1 1 {PkiFiles.SpkiSha256(first)}");
        await using var gateway = await StartAsync("refuse", Resolver(dns));
        Assert.Equal(1, (await gateway.ScrapeAsync()).Value("edge_dane_tlsa_match", ("host", "mx.a.test")));

        // Rollover: the next key's record is published next to the current one, then the certificate changes.
        using var next = _pki.Write("mx", ["mx.a.test"]);
        dns.Set(TlsaName, $"3 1 1 {PkiFiles.SpkiSha256(first)}", $"3 1 1 {PkiFiles.SpkiSha256(next)}");
        Assert.True(gateway.Certificates.Reload());
        Assert.Equal(Fingerprint(next), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);

        // A key nobody published: refused.
        using var rogue = _pki.Write("mx", ["mx.a.test"]);
        Assert.False(gateway.Certificates.Reload());
        Assert.Equal(Fingerprint(next), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(1, scrape.Value("edge_certificate_reloads_refused_total", ("reason", "dane_mismatch")));
        Assert.Equal(1, scrape.Value("edge_dane_tlsa_match", ("host", "mx.a.test")));
        Assert.True(dns.Queries >= 3, $"{dns.Queries} DNS queries");
    }

    [Fact]
    public async Task Resolver_DaneTa211_MatchesChainCa_OtherCaRefused()
    {
        await using var dns = new TlsaDnsServer();
        using var ca = PkiFiles.CreateCa("Edge Test CA");
        using var first = _pki.Write("mx", ["mx.a.test"], issuer: ca);
        dns.Set(TlsaName, $"2 1 1 {PkiFiles.SpkiSha256(ca)}");
        await using var gateway = await StartAsync("refuse", Resolver(dns));
        Assert.Equal(1, (await gateway.ScrapeAsync()).Value("edge_dane_tlsa_match", ("host", "mx.a.test")));

        using var sameCa = _pki.Write("mx", ["mx.a.test"], issuer: ca);   // new leaf key, same CA: still matches
        Assert.True(gateway.Certificates.Reload());

        using var otherCa = PkiFiles.CreateCa("Other CA");
        using var foreign = _pki.Write("mx", ["mx.a.test"], issuer: otherCa);
        Assert.False(gateway.Certificates.Reload());
        Assert.Equal(Fingerprint(sameCa), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
    }

    [Fact]
    public async Task Resolver_NoAnswer_ReloadNotRefused()
    {
        // A bound UDP socket that never answers: every lookup times out.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        using var first = _pki.Write("mx", ["mx.a.test"]);
        await using var gateway = await StartAsync("refuse", ["--Edge:Dane:Resolver=127.0.0.1:" + port, "--Edge:Dane:Hosts:0=mx.a.test", "--Edge:Dane:ResolverTimeout=00:00:00.200"]);

        using var renewed = _pki.Write("mx", ["mx.a.test"]);
        Assert.True(gateway.Certificates.Reload());
        Assert.Equal(Fingerprint(renewed), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
        Assert.DoesNotContain((await gateway.ScrapeAsync()).Samples, s => s.Name == "edge_dane_tlsa_match");
    }

    private static string[] Resolver(TlsaDnsServer dns) =>
        [$"--Edge:Dane:Resolver={dns.EndPoint}", "--Edge:Dane:Hosts:0=mx.a.test", "--Edge:Dane:ResolverTimeout=00:00:10"];

    private static string Fingerprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private Task<StsGateway> StartAsync(string onMismatch, string[] dane) => StsGateway.StartAsync(
    [
        .. StsGateway.Certificate(_pki, 0, "mx", "mx.a.test"),
        "--Edge:Dane:OnMismatch=" + onMismatch,
        .. dane,
    ]);
}
