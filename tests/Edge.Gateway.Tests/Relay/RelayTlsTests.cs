// RelayTlsTests: TLS towards the backend: STARTTLS required (with and without verification, with a pinned
// fingerprint), required but not offered, opportunistic without an offer, implicit TLS. A TLS failure is a failed
// backend: the client gets 451 4.4.1, never a plaintext relay the configuration forbade.
using Edge.Gateway.Tests.Tls;

namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayTlsTests
{
    [Fact]
    public async Task Open_StartTlsRequiredVerifyOff_RelayedOverTls()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=starttls-required", "--Edge:Backends:0:TlsVerify=false");

        var reply = await SendOneAsync(gateway);

        Assert.StartsWith("250", reply, StringComparison.Ordinal);
        Assert.True(Assert.Single(backend.Messages).Tls);
        Assert.Contains("STARTTLS", backend.Commands);
    }

    [Fact]
    public async Task Open_StartTlsRequiredSelfSignedCertificate_VerificationFailsAndClientGets451()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=starttls", "--Edge:Backends:0:TlsServerName=backend.test");

        var reply = await SendOneAsync(gateway);

        Assert.Equal("451 4.4.1 No backend available, try again later", reply);
        Assert.Empty(backend.Messages);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_StartTlsRequiredPinnedFingerprint_RelayedOverTls()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate };
        var pin = TestCertificates.Fingerprint(certificate);
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=starttls", $"--Edge:Backends:0:TlsFingerprint={pin}");

        Assert.StartsWith("250", await SendOneAsync(gateway), StringComparison.Ordinal);
        Assert.True(Assert.Single(backend.Messages).Tls);
    }

    [Fact]
    public async Task Open_StartTlsRequiredWrongPin_ClientGets451()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        using var other = TestCertificates.Create("other.test", "other.test");
        await using var backend = new TestBackendMta { Certificate = certificate };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=starttls", $"--Edge:Backends:0:TlsFingerprint={TestCertificates.Fingerprint(other)}");

        Assert.Equal("451 4.4.1 No backend available, try again later", await SendOneAsync(gateway));
        Assert.Empty(backend.Messages);
    }

    [Fact]
    public async Task Open_StartTlsRequiredNotOffered_NoPlaintextRelay()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=starttls-required", "--Edge:Backends:0:TlsVerify=false");

        Assert.Equal("451 4.4.1 No backend available, try again later", await SendOneAsync(gateway));
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_StartTlsOpportunisticNotOffered_RelayedInPlaintext()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=starttls-opportunistic");

        Assert.StartsWith("250", await SendOneAsync(gateway), StringComparison.Ordinal);
        Assert.False(Assert.Single(backend.Messages).Tls);
    }

    [Fact]
    public async Task Open_ImplicitTls_RelayedOverTlsAndConnectionReused()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate, ImplicitTls = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Tls=implicit", "--Edge:Backends:0:TlsVerify=false");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 3; i++)
        {
            var body = TestMessages.Body(i, 50_000);
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], body), StringComparison.Ordinal);
            TestMessages.AssertRelayed(body, backend.Messages.ToArray()[i].Content);
        }

        Assert.All(backend.Messages, m => Assert.True(m.Tls));
        Assert.Equal(1, backend.ConnectionCount);
    }

    private static async Task<string> SendOneAsync(RelayGateway gateway)
    {
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        return await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 1_000));
    }
}
