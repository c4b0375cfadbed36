// MtaStsHttpsTests: the policy file over real HTTPS on the MTA-STS listener: exact bytes, CRLF, line order and
// content type (RFC 8461 3.2/3.3), certificates chosen by SNI for two domains, 404 for unknown hosts and paths, and
// listener scoping (internal endpoints are not reachable on the HTTPS listener, the policy not on the internal one).
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Edge.Gateway.Tests.TransportSecurity;

public sealed class MtaStsHttpsTests : IDisposable
{
    private readonly PkiFiles _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task Get_PolicyHost_ServesExactPolicyBytesAsTextPlain()
    {
        await using var gateway = await StartTwoDomainsAsync();

        var answer = await gateway.GetAsync("mta-sts.a.test");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/plain", answer.ContentType);
        var expected = "version: STSv1\r\nmode: enforce\r\nmx: mx.a.test\r\nmx: *.backup.a.test\r\nmax_age: 86400\r\n";
        Assert.Equal(Encoding.ASCII.GetBytes(expected), answer.Body);
    }

    [Fact]
    public async Task Get_TwoDomains_EachHostGetsItsCertificateBySniAndItsPolicy()
    {
        await using var gateway = await StartTwoDomainsAsync();

        var a = await gateway.GetAsync("mta-sts.a.test");
        var b = await gateway.GetAsync("MTA-STS.B.TEST");

        Assert.Equal(_fingerprintA, a.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Equal(_fingerprintB, b.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
        Assert.Equal("version: STSv1\r\nmode: testing\r\nmx: mx.b.test\r\nmax_age: 604800\r\n", Encoding.ASCII.GetString(b.Body));
        Assert.NotEqual(a.Body, b.Body);
    }

    [Fact]
    public async Task Get_UnknownHostOrPath_NotFound()
    {
        await using var gateway = await StartTwoDomainsAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("mta-sts.c.test")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("a.test")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("mta-sts.a.test", "/.well-known/mta-sts.txt.bak")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("mta-sts.a.test", "/")).Status);
    }

    [Fact]
    public async Task ListenerScopes_InternalEndpointsNotOnHttps_PolicyNotOnInternal()
    {
        await using var gateway = await StartTwoDomainsAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("mta-sts.a.test", "/metrics")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync("mta-sts.a.test", "/healthz")).Status);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetInternalAsync("/healthz")).StatusCode);

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{gateway.Http}/.well-known/mta-sts.txt"));
        request.Headers.Host = "mta-sts.a.test";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Handshake_Tls12Client_Negotiates12_NoAlpnBeyondHttp11()
    {
        await using var gateway = await StartTwoDomainsAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(gateway.Https!);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "mta-sts.a.test",
            EnabledSslProtocols = SslProtocols.Tls12,
            ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        });

        Assert.Equal(SslProtocols.Tls12, ssl.SslProtocol);
        Assert.Equal(SslApplicationProtocol.Http11, ssl.NegotiatedApplicationProtocol);
    }

    private string? _fingerprintA;
    private string? _fingerprintB;

    private async Task<StsGateway> StartTwoDomainsAsync()
    {
        using (var a = _pki.Write("a", ["mx.a.test", "mta-sts.a.test"]))
        using (var b = _pki.Write("b", ["mx.b.test", "mta-sts.b.test"]))
        {
            _fingerprintA = a.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
            _fingerprintB = b.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        }

        return await StsGateway.StartAsync(
        [
            .. StsGateway.Certificate(_pki, 0, "a", "mx.a.test", "mta-sts.a.test"),
            .. StsGateway.Certificate(_pki, 1, "b", "mx.b.test", "mta-sts.b.test"),
            "--Edge:MtaSts:Endpoint=127.0.0.1:0",
            "--Edge:MtaSts:Policies:0:Domain=a.test", "--Edge:MtaSts:Policies:0:Mode=enforce",
            "--Edge:MtaSts:Policies:0:Mx:0=mx.a.test", "--Edge:MtaSts:Policies:0:Mx:1=*.backup.a.test", "--Edge:MtaSts:Policies:0:MaxAgeSeconds=86400",
            "--Edge:MtaSts:Policies:1:Domain=b.test", "--Edge:MtaSts:Policies:1:Mode=testing", "--Edge:MtaSts:Policies:1:Mx:0=mx.b.test",
        ]);
    }
}
