// CertificateSnapshotValidatorTests: the reload seam of CertificateStore: validators see the freshly loaded snapshot
// before it is served; a refusal keeps the old snapshot in service and is counted, acceptance swaps it in.
using Edge.Gateway.Configuration;
using Edge.Gateway.Tls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tests.Tls;

public sealed class CertificateSnapshotValidatorTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("edge-tls-validate-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Reload_ValidatorRefuses_OldSnapshotKeptAndCounted()
    {
        var first = Write();
        var validator = new Recording(accept: false);
        using var store = NewStore(validator);
        var before = store.Current;
        var renewed = Write();

        Assert.False(store.Reload());

        Assert.Same(before, store.Current);
        Assert.Equal(first, store.Current.Default.Fingerprint);
        Assert.Equal(1, store.ReloadRefusedCount);
        Assert.Equal(0, store.ReloadCount);
        Assert.Equal([renewed], validator.Seen);   // it saw the candidate, not the snapshot in service
    }

    [Fact]
    public void Reload_ValidatorsAccept_NewSnapshotServed()
    {
        Write();
        var a = new Recording(accept: true);
        var b = new Recording(accept: true);
        using var store = NewStore(a, b);
        var renewed = Write();

        Assert.True(store.Reload());

        Assert.Equal(renewed, store.Current.Default.Fingerprint);
        Assert.Equal([renewed], a.Seen);
        Assert.Equal([renewed], b.Seen);
        Assert.Equal(0, store.ReloadRefusedCount);
    }

    private CertificateStore NewStore(params ICertificateSnapshotValidator[] validators)
    {
        var options = new TlsOptions
        {
            Certificates = { new CertificateOptions { CertPath = TestCertificates.CertPath(_directory.FullName, "mx"), KeyPath = TestCertificates.KeyPath(_directory.FullName, "mx") } },
            ReloadOnChange = false,
        };
        return new CertificateStore(Options.Create(options), NullLogger<CertificateStore>.Instance, validators: validators);
    }

    private string Write()
    {
        using var certificate = TestCertificates.Create("mx.test", "mx.test");
        return TestCertificates.WritePem(_directory.FullName, "mx", certificate);
    }

    private sealed class Recording(bool accept) : ICertificateSnapshotValidator
    {
        public List<string> Seen { get; } = [];

        public bool Validate(CertificateSnapshot candidate, bool reload)
        {
            Assert.True(reload);
            Seen.Add(candidate.Default.Fingerprint);
            return accept;
        }
    }
}
