// HandshakeFailureTests: every HandshakeFailureReason we can provoke over a real socket reaches the observer
// with the right classification, and the connection is closed without any plaintext reply.
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

public sealed class HandshakeFailureTests
{
    [Theory]
    [InlineData((ushort)0x0302)] // TLS 1.1
    [InlineData((ushort)0x0301)] // TLS 1.0
    public async Task Implicit_OldProtocolOnly_ProtocolVersionAlert(ushort version)
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);

        // ECDHE-ECDSA/RSA with AES-CBC-SHA: suites a TLS 1.0/1.1 client would offer.
        await client.WriteAsync(ClientHelloBuilder.Build(version, 0xC009, 0xC013, 0x002F, 0x0035));

        var handshake = await server.Observer.NextAsync();
        Assert.False(handshake.Succeeded);
        Assert.Equal(HandshakeFailureReason.ProtocolVersion, handshake.Reason);
        var reply = new byte[7];
        var read = await client.Stream.ReadAtLeastAsync(reply, 7, throwOnEndOfStream: false);
        Assert.Equal(7, read);
        Assert.Equal(0x15, reply[0]);                              // alert record
        Assert.Equal(70, reply[6]);                                // protocol_version (RFC 8446 6.2)
        Assert.Equal(0, await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task Implicit_OnlyDisabledCipherSuites_NoSharedCipher()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);

        // TLS 1.2 offering only RC4-MD5 and NULL-SHA, which no current OpenSSL configuration enables.
        await client.WriteAsync(ClientHelloBuilder.Build(0x0303, 0x0004, 0x0002));

        var handshake = await server.Observer.NextAsync();
        Assert.False(handshake.Succeeded);
        Assert.Equal(HandshakeFailureReason.NoSharedCipher, handshake.Reason);
    }

    [Fact]
    public async Task Implicit_PlaintextInsteadOfClientHello_NotTlsClosedSilently()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);

        await client.WriteAsync("EHLO client.example\r\n");

        var handshake = await server.Observer.NextAsync();
        Assert.Equal(HandshakeFailureReason.NotTls, handshake.Reason);
        Assert.Equal(TlsMode.Implicit, handshake.Mode);
        Assert.Equal(0, await client.ReadUntilClosedAsync());     // no greeting, no error text: nothing written
    }

    [Fact]
    public async Task Implicit_ClientClosesMidHandshake_ClientGone()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);
        var hello = ClientHelloBuilder.Build(0x0303, 0x1301, 0xC02B);

        await client.WriteAsync(hello[..20]);                      // a partial record, then gone
        client.Close();

        var handshake = await server.Observer.NextAsync();
        Assert.Equal(HandshakeFailureReason.ClientGone, handshake.Reason);
    }

    [Fact]
    public async Task Implicit_ClientClosesBeforeSendingAnything_ClientGone()
    {
        await using var server = await TlsTestServer.StartAsync();
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);

        client.Close();

        Assert.Equal(HandshakeFailureReason.ClientGone, (await server.Observer.NextAsync()).Reason);
    }

    [Fact]
    public async Task StartTls_SilenceAfterReady_TimeoutThenClosed()
    {
        await using var server = await TlsTestServer.StartAsync(handshakeTimeout: TimeSpan.FromSeconds(1));
        await using var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());
        await client.WriteAsync("STARTTLS\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.ReadLineAsync());

        var handshake = await server.Observer.NextAsync();

        Assert.Equal(HandshakeFailureReason.Timeout, handshake.Reason);
        Assert.Equal(TlsMode.StartTls, handshake.Mode);
        Assert.InRange(handshake.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Equal(0, await client.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task Implicit_SlowPartialClientHello_Timeout()
    {
        await using var server = await TlsTestServer.StartAsync(handshakeTimeout: TimeSpan.FromSeconds(1));
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);

        await client.WriteAsync(ClientHelloBuilder.Build(0x0303, 0x1301)[..10]);   // looks like TLS, never finishes

        Assert.Equal(HandshakeFailureReason.Timeout, (await server.Observer.NextAsync()).Reason);
    }
    // The handshake timeout is a timer that cancels the pending transport read; after a successful handshake it is
    // stopped, and a TLS session idle for longer than the handshake timeout still reads and answers its next command.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Handshake_SessionOutlivesHandshakeTimeout_StillReads(bool implicitTls)
    {
        await using var server = await TlsTestServer.StartAsync(handshakeTimeout: TimeSpan.FromSeconds(1));
        await using var client = await TestClient.ConnectAsync(implicitTls ? server.ImplicitEndPoint : server.StartTlsEndPoint);
        if (implicitTls)
        {
            await client.AuthenticateAsync("edge.test");
            Assert.Equal("220 test", await client.ReadLineAsync());
        }
        else
        {
            Assert.Equal("220 test", await client.ReadLineAsync());
            await client.StartTlsAsync();
        }

        Assert.True((await server.Observer.NextAsync()).Succeeded);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the handshake deadline

        await client.WriteAsync("PING\r\n");
        Assert.Equal("250 PONG", await client.ReadLineAsync());
    }
}
