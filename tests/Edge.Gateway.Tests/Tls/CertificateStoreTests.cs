// CertificateStoreTests: self-signed default, PEM loading, SNI selection (exact, one-label wildcard, default),
// reload on file change (new handshakes see the new certificate) and a bad file keeping the old snapshot.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Configuration;
using Edge.Gateway.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Tls;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-tls-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Constructor_NoCertificates_SelfSignedEcdsaP256ForHostName()
    {
        using var store = NewStore(new TlsOptions(), "mx.example.test");

        var certificate = store.Current.Default;
        Assert.True(certificate.SelfSigned);
        using var publicKey = certificate.Certificate.GetECDsaPublicKey()!;
        Assert.Equal(256, publicKey.KeySize);
        Assert.Equal("1.2.840.10045.2.1", certificate.Certificate.PublicKey.Oid.Value);          // id-ecPublicKey
        Assert.Equal("1.2.840.10045.3.1.7", publicKey.ExportParameters(false).Curve.Oid.Value ?? OidOf(publicKey));  // prime256v1
        var san = Assert.Single(certificate.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["mx.example.test"], san.EnumerateDnsNames());
        Assert.Same(certificate.Options, store.GetOptions("anything.example"));
        Assert.Equal(certificate.Fingerprint, TestCertificates.Fingerprint(certificate.Certificate));
    }

    [Fact]
    public void GetOptions_ServerName_SelectsExactWildcardOrDefault()
    {
        var a = WriteCertificate("a", "mx.a.test");
        var b = WriteCertificate("b", "any.b.test");
        var options = new TlsOptions
        {
            Certificates =
            {
                Config("a", "mx.a.test"),
                Config("b", "*.b.test"),
            },
            ReloadOnChange = false,
        };
        using var store = NewStore(options);

        Assert.Equal(a, FingerprintFor(store, "mx.a.test"));
        Assert.Equal(a, FingerprintFor(store, "MX.A.TEST."));            // case and trailing dot
        Assert.Equal(b, FingerprintFor(store, "smtp.b.test"));
        Assert.Equal(a, FingerprintFor(store, "x.smtp.b.test"));         // wildcard covers one label only
        Assert.Equal(a, FingerprintFor(store, "b.test"));
        Assert.Equal(a, FingerprintFor(store, "unknown.test"));
        Assert.Equal(a, FingerprintFor(store, null));
        Assert.Equal(a, FingerprintFor(store, ""));
    }

    [Fact]
    public void Constructor_HostsEmpty_UsesCertificateDnsNames()
    {
        WriteCertificate("a", "first.test");
        var b = WriteCertificate("b", "second.test");
        using var store = NewStore(new TlsOptions { Certificates = { Config("a"), Config("b") }, ReloadOnChange = false });

        Assert.Equal(b, FingerprintFor(store, "second.test"));
    }

    [Fact]
    public void Constructor_KeyDoesNotMatchCertificate_Throws()
    {
        WriteCertificate("a", "a.test");
        WriteCertificate("b", "b.test");
        var options = new TlsOptions
        {
            Certificates = { new CertificateOptions { CertPath = Path("a.pem"), KeyPath = Path("b.key") } },
        };

        var error = Assert.Throws<InvalidOperationException>(() => NewStore(options));
        Assert.NotNull(error.InnerException);   // ArgumentException on Linux: "the key does not match the certificate"
    }

    [Fact]
    public void Reload_BadNewFile_KeepsOldSnapshot()
    {
        var a = WriteCertificate("a", "a.test");
        using var store = NewStore(new TlsOptions { Certificates = { Config("a") }, ReloadOnChange = false });
        var before = store.Current;

        File.WriteAllText(Path("a.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        Assert.False(store.Reload());
        Assert.Same(before, store.Current);
        Assert.Equal(1, store.ReloadFailureCount);
        Assert.Equal(a, FingerprintFor(store, "a.test"));
    }

    [Fact]
    public void Reload_NewFiles_SwapsSnapshot()
    {
        WriteCertificate("a", "a.test");
        using var store = NewStore(new TlsOptions { Certificates = { Config("a") }, ReloadOnChange = false });
        var renewed = WriteCertificate("a", "a.test");

        Assert.True(store.Reload());

        Assert.Equal(renewed, FingerprintFor(store, "a.test"));
        Assert.Equal(1, store.ReloadCount);
    }

    [Fact]
    public async Task FileWatcher_CertificateReplacedOnDisk_NewHandshakesPresentNewCertificate()
    {
        var first = WriteCertificate("mx", "mx.test");
        var options = new TlsOptions { Certificates = { Config("mx") }, ReloadDebounce = TimeSpan.FromMilliseconds(100) };
        await using var server = await TlsTestServer.StartAsync(options);
        Assert.Equal(first, await HandshakeFingerprintAsync(server, "mx.test"));

        var second = WriteCertificate("mx", "mx.test");

        Assert.NotEqual(first, second);
        Assert.True(await PollAsync(async () => await HandshakeFingerprintAsync(server, "mx.test") == second), "new certificate not served within 10 s");

        // A broken replacement is refused: the watcher's reload fails and the last good certificate stays.
        File.WriteAllText(Path("mx.key"), "garbage");
        Assert.True(await PollAsync(() => Task.FromResult(server.Certificates.ReloadFailureCount > 0)), "no failed reload observed within 10 s");
        Assert.Equal(second, await HandshakeFingerprintAsync(server, "mx.test"));
    }

    [Fact]
    public async Task Handshake_SniHostName_PresentsMatchingCertificate()
    {
        var a = WriteCertificate("a", "mx.a.test");
        var b = WriteCertificate("b", "smtp.b.test");
        var options = new TlsOptions { Certificates = { Config("a", "mx.a.test"), Config("b", "*.b.test") }, ReloadOnChange = false };
        await using var server = await TlsTestServer.StartAsync(options);

        Assert.Equal(a, await HandshakeFingerprintAsync(server, "mx.a.test"));
        Assert.Equal(b, await HandshakeFingerprintAsync(server, "smtp.b.test"));
        Assert.Equal(a, await HandshakeFingerprintAsync(server, "other.test"));
        Assert.Equal(a, await HandshakeFingerprintAsync(server, "127.0.0.1"));   // IP literal: client sends no SNI
    }

    private static async Task<string> HandshakeFingerprintAsync(TlsTestServer server, string targetHost)
    {
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);
        var certificate = await client.AuthenticateAsync(targetHost);
        return TestCertificates.Fingerprint(certificate);
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static string? OidOf(ECDsa key) =>
        key.ExportParameters(false).Curve.Oid.FriendlyName is "ECDSA_P256" or "nistP256" ? "1.2.840.10045.3.1.7" : null;

    private static string FingerprintFor(CertificateStore store, string? serverName) =>
        TestCertificates.Fingerprint(store.GetOptions(serverName).ServerCertificateContext!.TargetCertificate);

    private static CertificateStore NewStore(TlsOptions options, string? host = null) =>
        new(Options.Create(options), NullLogger<CertificateStore>.Instance, host);

    private string WriteCertificate(string name, string dnsName)
    {
        using var certificate = TestCertificates.Create(dnsName, dnsName);
        return TestCertificates.WritePem(_directory.FullName, name, certificate);
    }

    private CertificateOptions Config(string name, params string[] hosts)
    {
        var options = new CertificateOptions { CertPath = Path(name + ".pem"), KeyPath = Path(name + ".key") };
        options.Hosts.AddRange(hosts);
        return options;
    }

    private string Path(string file) => System.IO.Path.Combine(_directory.FullName, file);
}
