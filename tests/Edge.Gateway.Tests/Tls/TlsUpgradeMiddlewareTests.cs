// TlsUpgradeMiddlewareTests: STARTTLS and implicit TLS over real sockets, the plain listener, and the STARTTLS
// injection defences (same-packet residue discarded; plaintext after the 220 refused).
using System.Security.Authentication;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

public sealed class TlsUpgradeMiddlewareTests
{
    [Fact]
    public async Task OnConnectionAsync_StartTls_UpgradesAndAnswersInsideTls()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());
        await client.WriteAsync("PROTO\r\n");
        Assert.Equal("250 None", await client.ReadLineAsync());

        await client.StartTlsAsync();

        var handshake = await server.Observer.NextAsync();
        Assert.True(handshake.Succeeded);
        Assert.Equal(TlsTestServer.StartTlsListener, handshake.Listener);
        Assert.Equal(TlsMode.StartTls, handshake.Mode);
        Assert.Equal(SslProtocols.Tls13, handshake.Protocol);
        await client.WriteAsync("PROTO\r\nPING\r\n");
        Assert.Equal("250 Tls13", await client.ReadLineAsync());
        Assert.Equal("250 PONG", await client.ReadLineAsync());
        await client.WriteAsync("QUIT\r\n");
        Assert.Equal("221 bye", await client.ReadLineAsync());
        Assert.Null(await client.ReadLineAsync());
    }

    [Fact]
    public async Task OnConnectionAsync_StartTlsTls12_NegotiatesTls12()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());

        await client.StartTlsAsync(protocols: SslProtocols.Tls12);

        Assert.Equal(SslProtocols.Tls12, (await server.Observer.NextAsync()).Protocol);
        await client.WriteAsync("PROTO\r\n");
        Assert.Equal("250 Tls12", await client.ReadLineAsync());
    }

    [Fact]
    public async Task UpgradeAsync_SecondStartTlsInsideTls_IsNotOffered()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());
        await client.StartTlsAsync();

        await client.WriteAsync("STARTTLS\r\nPING\r\n");

        Assert.Equal("454 TLS not available", await client.ReadLineAsync());
        Assert.Equal("250 PONG", await client.ReadLineAsync());
    }

    [Fact]
    public async Task OnConnectionAsync_Implicit_HandshakesBeforeGreeting()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);

        await client.AuthenticateAsync("edge.test");

        Assert.Equal("220 test", await client.ReadLineAsync());
        var handshake = await server.Observer.NextAsync();
        Assert.True(handshake.Succeeded);
        Assert.Equal(TlsMode.Implicit, handshake.Mode);
        Assert.Equal(TlsTestServer.ImplicitListener, handshake.Listener);
        await client.WriteAsync("PROTO\r\nSTARTTLS\r\n");
        Assert.Equal("250 Tls13", await client.ReadLineAsync());
        Assert.Equal("454 TLS not available", await client.ReadLineAsync());
        Assert.Equal("TLS_AES_256_GCM_SHA384", client.Ssl!.NegotiatedCipherSuite.ToString());
    }

    [Fact]
    public async Task OnConnectionAsync_Plain_StartTlsNotAvailable()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.PlainEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());

        await client.WriteAsync("STARTTLS\r\nPROTO\r\n");

        Assert.Equal("454 TLS not available", await client.ReadLineAsync());
        Assert.Equal("250 None", await client.ReadLineAsync());
    }

    [Fact]
    public async Task UpgradeAsync_CommandInjectedInSamePacket_IsDiscardedNeverAnswered()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());

        // One write: the attacker's PING rides behind STARTTLS (CVE-2011-0411 shape).
        await client.WriteAsync("STARTTLS\r\nPING\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.ReadLineAsync());
        await client.AuthenticateAsync("edge.test");

        Assert.True((await server.Observer.NextAsync()).Succeeded);
        await client.WriteAsync("PROTO\r\n");
        Assert.Equal("250 Tls13", await client.ReadLineAsync());  // the first answer in TLS is to our own command
        await client.WriteAsync("PING\r\nQUIT\r\n");
        Assert.Equal("250 PONG", await client.ReadLineAsync());   // exactly one PONG: ours
        Assert.Equal("221 bye", await client.ReadLineAsync());
        Assert.Null(await client.ReadLineAsync());
    }

    [Fact]
    public async Task UpgradeAsync_PlaintextAfterReady_FailsNotTlsAndCloses()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());
        await client.WriteAsync("STARTTLS\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.ReadLineAsync());

        await client.WriteAsync("PING\r\n");

        var handshake = await server.Observer.NextAsync();
        Assert.False(handshake.Succeeded);
        Assert.Equal(HandshakeFailureReason.NotTls, handshake.Reason);
        Assert.Equal(0, await client.ReadUntilClosedAsync());     // closed, the PING never answered
    }
}
