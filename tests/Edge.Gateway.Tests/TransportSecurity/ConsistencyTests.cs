// ConsistencyTests: the MTA-STS consistency check at start-up and on the real certificate reload path: an enforce
// policy's mx patterns covered by the served certificate's SANs, expiry margin, the gauges and expiry timestamps
// exported, and a reload that would break the policy refused (old certificate still served over HTTPS) or, when
// refusing is off, served and flagged.
using System.Security.Cryptography;

namespace Edge.Gateway.Tests.TransportSecurity;

public sealed class ConsistencyTests : IDisposable
{
    private readonly PkiFiles _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Startup_CertificateCoversEveryMx_ConsistentAndExpiryExported()
    {
        using var leaf = _pki.Write("mx", ["mx.a.test", "*.pool.a.test", "mta-sts.a.test"]);
        await using var gateway = await StartAsync(refuse: false);

        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(1, scrape.Value("edge_mta_sts_policy_consistent", ("domain", "a.test")));
        Assert.Equal(new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), scrape.Value("edge_certificate_not_after_timestamp_seconds", ("host", "mx.a.test")));
        Assert.Equal(0, scrape.Value("edge_certificate_reloads_refused_total", ("reason", "mta_sts_inconsistent")));
    }

    [Fact]
    public async Task Startup_WildcardMxWithoutWildcardSan_Inconsistent()
    {
        using var leaf = _pki.Write("mx", ["mx.a.test", "one.pool.a.test", "mta-sts.a.test"]);
        await using var gateway = await StartAsync(refuse: false);

        Assert.Equal(0, (await gateway.ScrapeAsync()).Value("edge_mta_sts_policy_consistent", ("domain", "a.test")));
    }

    [Fact]
    public async Task Startup_CertificateExpiresWithinMargin_Inconsistent()
    {
        using var leaf = _pki.Write("mx", ["mx.a.test", "*.pool.a.test", "mta-sts.a.test"], validFor: TimeSpan.FromDays(5));
        await using var gateway = await StartAsync(refuse: false);

        Assert.Equal(0, (await gateway.ScrapeAsync()).Value("edge_mta_sts_policy_consistent", ("domain", "a.test")));
    }

    [Fact]
    public async Task Reload_CertificateNotCoveringMx_RefusedWhenConfigured_OldCertificateStillServed()
    {
        using var first = _pki.Write("mx", ["mx.a.test", "*.pool.a.test", "mta-sts.a.test"]);
        await using var gateway = await StartAsync(refuse: true);
        var before = await gateway.GetAsync("mta-sts.a.test");

        using var renewed = _pki.Write("mx", ["smtp.a.test", "*.pool.a.test", "mta-sts.a.test"]);   // mx.a.test dropped
        Assert.False(gateway.Certificates.Reload());

        var after = await gateway.GetAsync("mta-sts.a.test");
        Assert.Equal(Fingerprint(first), Fingerprint(before.Certificate));
        Assert.Equal(Fingerprint(first), Fingerprint(after.Certificate));
        Assert.Equal(Fingerprint(first), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(1, scrape.Value("edge_certificate_reloads_refused_total", ("reason", "mta_sts_inconsistent")));
        Assert.Equal(1, scrape.Value("edge_mta_sts_policy_consistent", ("domain", "a.test")));   // what is served is still fine
        Assert.Equal(1, gateway.Certificates.ReloadRefusedCount);
    }

    [Fact]
    public async Task Reload_CertificateNotCoveringMx_NotRefusing_ServedAndFlagged()
    {
        using var first = _pki.Write("mx", ["mx.a.test", "*.pool.a.test", "mta-sts.a.test"]);
        await using var gateway = await StartAsync(refuse: false);
        Assert.Equal(1, (await gateway.ScrapeAsync()).Value("edge_mta_sts_policy_consistent", ("domain", "a.test")));

        using var renewed = _pki.Write("mx", ["smtp.a.test", "*.pool.a.test", "mta-sts.a.test"]);
        Assert.True(gateway.Certificates.Reload());

        Assert.Equal(Fingerprint(renewed), Fingerprint((await gateway.GetAsync("mta-sts.a.test")).Certificate));
        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(0, scrape.Value("edge_mta_sts_policy_consistent", ("domain", "a.test")));
        Assert.Equal(0, scrape.Value("edge_certificate_reloads_refused_total", ("reason", "mta_sts_inconsistent")));
    }

    [Fact]
    public async Task Reload_TestingPolicyOnly_NeverRefused()
    {
        using var first = _pki.Write("mx", ["mx.a.test", "*.pool.a.test", "mta-sts.a.test"]);
        await using var gateway = await StartAsync(refuse: true, mode: "testing");

        using var renewed = _pki.Write("mx", ["smtp.a.test", "mta-sts.a.test"]);
        Assert.True(gateway.Certificates.Reload());
        Assert.Equal(Fingerprint(renewed), gateway.Certificates.Current.Select("mx.a.test").Fingerprint);
    }

    private static string Fingerprint(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        certificate.GetCertHashString(HashAlgorithmName.SHA256);

    private Task<StsGateway> StartAsync(bool refuse, string mode = "enforce") => StsGateway.StartAsync(
    [
        .. StsGateway.Certificate(_pki, 0, "mx", "mx.a.test", "*.pool.a.test", "mta-sts.a.test"),
        "--Edge:MtaSts:Endpoint=127.0.0.1:0",
        "--Edge:MtaSts:Policies:0:Domain=a.test", $"--Edge:MtaSts:Policies:0:Mode={mode}",
        "--Edge:MtaSts:Policies:0:Mx:0=mx.a.test", "--Edge:MtaSts:Policies:0:Mx:1=*.pool.a.test",
        $"--Edge:MtaSts:RefuseInconsistentReload={refuse}",
    ]);
}
