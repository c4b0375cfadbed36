// RequireTlsTests: REQUIRETLS (RFC 8689) over real sockets against the real host. It is advertised only inside TLS
// and only when every backend is verified TLS; directory delivery never advertises it (the flag would not survive
// the file). MAIL ... REQUIRETLS that cannot be honoured gets 550 5.7.30 and nothing reaches a sink; honoured, it is
// relayed over verified TLS with REQUIRETLS on the backend's MAIL.
using Edge.Gateway.Tests.Relay;
using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tests.Tls;
using TlsClient = Edge.Gateway.Tests.Support.RawSmtpClient;

namespace Edge.Gateway.Tests.Policy;

[Collection(RelayTestGroup.Name)]
public sealed class RequireTlsTests
{
    private const string Refused = "550 5.7.30 REQUIRETLS support required but not available";

    [Fact]
    public async Task Mail_RequireTlsInPlaintextWithDirectoryDelivery_550AndNothingDelivered()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);

        var mail = await client.CommandAsync("MAIL FROM:<a@example.org> REQUIRETLS");

        Assert.Equal(Refused, mail.Last);
        Assert.Equal(503, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code); // no transaction was opened
        Assert.Empty(host.DeliveredFiles());
    }

    [Fact]
    public async Task Ehlo_TlsSessionWithDirectoryDelivery_NoRequireTlsAndMailRefused()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var client = await TlsClient.OpenSessionAsync(host.Mx, startTls: true);

        var ehlo = await client.CommandAsync("EHLO client.test");
        var mail = await client.CommandAsync("MAIL FROM:<a@example.org> REQUIRETLS");

        Assert.DoesNotContain(ehlo.Lines, l => l[4..] == "REQUIRETLS");
        Assert.Equal(Refused, mail.Last);
        Assert.Empty(host.DeliveredFiles());
    }

    [Fact]
    public async Task Mail_RequireTlsInPlaintextWithVerifiedBackend_550AndBackendSeesNoMail()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate, OfferRequireTls = true };
        await using var gateway = await StartVerifiedAsync(backend, certificate);
        await using var client = await TlsClient.OpenSessionAsync(gateway.EndPoint);

        var ehlo = await client.CommandAsync("EHLO client.test");
        var mail = await client.CommandAsync("MAIL FROM:<a@example.org> REQUIRETLS");

        Assert.DoesNotContain(ehlo.Lines, l => l[4..] == "REQUIRETLS");
        Assert.Equal(Refused, mail.Last);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
        Assert.Empty(backend.Messages);
    }

    [Fact]
    public async Task Mail_RequireTlsInTlsWithVerifiedBackend_AdvertisedAcceptedAndRelayedOverTls()
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate, OfferRequireTls = true };
        await using var gateway = await StartVerifiedAsync(backend, certificate);
        await using var client = await TlsClient.OpenSessionAsync(gateway.EndPoint, startTls: true);

        var ehlo = await client.CommandAsync("EHLO client.test");
        Assert.Contains(ehlo.Lines, l => l[4..] == "REQUIRETLS");
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org> REQUIRETLS")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<b@example.com>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        var end = await client.CommandAsync("Subject: secret\r\n\r\nOnly over TLS.\r\n.");

        Assert.Equal(250, end.Code);
        var relayed = Assert.Single(backend.Messages);
        Assert.True(relayed.Tls); // the hop to the backend was TLS (verified by the pin, or MAIL would have been refused)
        Assert.EndsWith(" REQUIRETLS", relayed.MailLine, StringComparison.Ordinal); // and the requirement travels on
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mail_RequireTlsWithVerifiedBackendNotOfferingIt_550AndNothingRelayed(bool pipelineMail)
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate, OfferRequireTls = false };
        await using var gateway = await StartVerifiedAsync(backend, certificate, $"--Edge:Relay:PipelineMail={pipelineMail}");
        await using var client = await TlsClient.OpenSessionAsync(gateway.EndPoint, startTls: true);

        var mail = await client.CommandAsync("MAIL FROM:<a@example.org> REQUIRETLS");
        if (pipelineMail)
        {
            // Answered by Edge; the backend's connection (which lacks REQUIRETLS) is chosen at the first RCPT.
            Assert.Equal(250, mail.Code);
            mail = await client.CommandAsync("RCPT TO:<b@example.com>");
        }

        Assert.Equal(Refused, mail.Last);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
        Assert.Empty(backend.Messages);
    }

    [Theory]
    [InlineData("none", "true")]
    [InlineData("starttls-opportunistic", "true")]
    [InlineData("starttls", "false")]
    public async Task Ehlo_TlsSessionWithUnverifiedBackend_NoRequireTlsAndMailRefused(string tls, string verify)
    {
        using var certificate = TestCertificates.Create("backend.test", "backend.test");
        await using var backend = new TestBackendMta { Certificate = certificate, OfferRequireTls = true };
        await using var gateway = await RelayGateway.StartAsync(
            [backend.Endpoint], "--Edge:Listeners:0:Mode=starttls", $"--Edge:Backends:0:Tls={tls}", $"--Edge:Backends:0:TlsVerify={verify}");
        await using var client = await TlsClient.OpenSessionAsync(gateway.EndPoint, startTls: true);

        var ehlo = await client.CommandAsync("EHLO client.test");
        var mail = await client.CommandAsync("MAIL FROM:<a@example.org> REQUIRETLS");

        Assert.DoesNotContain(ehlo.Lines, l => l[4..] == "REQUIRETLS");
        Assert.Equal(Refused, mail.Last);
        Assert.Empty(backend.Messages);
    }

    // The mx listener in STARTTLS mode; one backend over STARTTLS (required), its certificate pinned: verified TLS.
    private static Task<RelayGateway> StartVerifiedAsync(
        TestBackendMta backend, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, params string[] extra) =>
        RelayGateway.StartAsync(
            [backend.Endpoint],
            [
                "--Edge:Listeners:0:Mode=starttls",
                "--Edge:Backends:0:Tls=starttls",
                $"--Edge:Backends:0:TlsFingerprint={TestCertificates.Fingerprint(certificate)}",
                .. extra,
            ]);
}
