// RequireTlsPolicyTests: which backend configurations allow advertising REQUIRETLS: every backend must require TLS
// (starttls or implicit, never opportunistic) with a verified or pinned certificate; no backends (directory
// delivery) means no.
using Edge.Gateway.Configuration;
using Edge.Gateway.Policy;

namespace Edge.Gateway.Tests.Policy;

public sealed class RequireTlsPolicyTests
{
    private static readonly byte[] Pin = new byte[32];

    [Theory]
    [InlineData(BackendTlsMode.StartTls, true, false, true)]
    [InlineData(BackendTlsMode.ImplicitTls, true, false, true)]
    [InlineData(BackendTlsMode.StartTls, false, true, true)] // pinned: verified without a chain
    [InlineData(BackendTlsMode.ImplicitTls, false, true, true)]
    [InlineData(BackendTlsMode.StartTls, false, false, false)]
    [InlineData(BackendTlsMode.ImplicitTls, false, false, false)]
    [InlineData(BackendTlsMode.StartTlsOpportunistic, true, true, false)] // may fall back to plaintext
    [InlineData(BackendTlsMode.None, true, true, false)]
    public void IsVerifiedTls_BackendSettings_TrueOnlyForRequiredVerifiedTls(BackendTlsMode tls, bool verify, bool pinned, bool expected)
    {
        var backend = Backend("b", tls, verify, pinned);

        Assert.Equal(expected, RequireTlsPolicy.IsVerifiedTls(backend));
        Assert.Equal(expected, RequireTlsPolicy.CanAdvertise([backend]));
    }

    [Fact]
    public void CanAdvertise_NoBackends_FalseForDirectoryDelivery()
    {
        Assert.False(RequireTlsPolicy.CanAdvertise([]));
    }

    [Fact]
    public void CanAdvertise_OneOfSeveralBackendsUnverified_False()
    {
        BackendSettings[] backends =
        [
            Backend("a", BackendTlsMode.StartTls, verify: true, pinned: false),
            Backend("b", BackendTlsMode.ImplicitTls, verify: true, pinned: false),
            Backend("c", BackendTlsMode.StartTlsOpportunistic, verify: true, pinned: false),
        ];

        Assert.False(RequireTlsPolicy.CanAdvertise(backends));
        Assert.True(RequireTlsPolicy.CanAdvertise(backends[..2]));
    }

    private static BackendSettings Backend(string name, BackendTlsMode tls, bool verify, bool pinned) =>
        new(name, "backend.test", 25, tls) { TlsVerify = verify, TlsFingerprint = pinned ? Pin : default };
}
