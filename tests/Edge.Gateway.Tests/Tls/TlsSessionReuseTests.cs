// TlsSessionReuseTests: what TLS sessions reuse from each other (the plaintext pipes of TlsPipePool, the pooled boxes
// of the handshake, the ClientHello peek, STARTTLS, the input pump and the close) never mixes sessions up. Rounds of
// sessions at once on both listeners, some of them failing (plaintext where the ClientHello belongs, a client gone
// after STARTTLS's 220), each good one answered with its own replies, over real sockets and real TLS.
using System.Security.Authentication;

namespace Edge.Gateway.Tests.Tls;

public sealed class TlsSessionReuseTests
{
    [Fact]
    public async Task Rounds_ConcurrentSessionsWithFailures_EachGoodSessionAnsweredOnItsOwn()
    {
        await using var server = await TlsTestServer.StartAsync();
        for (var round = 0; round < 4; round++)
        {
            var sessions = new List<Task>();
            for (var i = 0; i < 4; i++)
            {
                sessions.Add(GoodSessionAsync(server, startTls: i % 2 == 0, protocols: i >= 2 ? SslProtocols.Tls12 : SslProtocols.None));
            }

            sessions.Add(PlaintextOnImplicitAsync(server));
            sessions.Add(GoneAfterReadyAsync(server));
            await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static async Task GoodSessionAsync(TlsTestServer server, bool startTls, SslProtocols protocols)
    {
        await using var client = await TestClient.ConnectAsync(startTls ? server.StartTlsEndPoint : server.ImplicitEndPoint);
        if (startTls)
        {
            Assert.Equal("220 test", await client.ReadLineAsync());
            await client.StartTlsAsync(protocols: protocols);
        }
        else
        {
            await client.AuthenticateAsync("edge.test", protocols);
            Assert.Equal("220 test", await client.ReadLineAsync());
        }

        await client.WriteAsync("PROTO\r\nPING\r\n");
        Assert.Equal(protocols == SslProtocols.Tls12 ? "250 Tls12" : "250 Tls13", await client.ReadLineAsync());
        Assert.Equal("250 PONG", await client.ReadLineAsync());
        await client.WriteAsync("QUIT\r\n");
        Assert.Equal("221 bye", await client.ReadLineAsync());
        Assert.Null(await client.ReadLineAsync());
    }

    private static async Task PlaintextOnImplicitAsync(TlsTestServer server)
    {
        await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);
        await client.WriteAsync("EHLO plain.test\r\n");
        Assert.Equal(0, await client.ReadUntilClosedAsync()); // refused by its first byte, nothing written
    }

    private static async Task GoneAfterReadyAsync(TlsTestServer server)
    {
        var client = await TestClient.ConnectAsync(server.StartTlsEndPoint);
        Assert.Equal("220 test", await client.ReadLineAsync());
        await client.WriteAsync("STARTTLS\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await client.ReadLineAsync());
        await client.DisposeAsync(); // gone before its ClientHello
    }
}
