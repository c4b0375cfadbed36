// ConnectionLimitMiddleware over real sockets against the real host: the per-address and per-listener limits
// admit exactly their quota under a burst of concurrent connections, refuse the rest with 421 before any
// greeting, and give the slots back when connections end.
using Edge.Gateway.Connections;

namespace Edge.Gateway.Tests.Policy;

public sealed class ConnectionLimitMiddlewareTests
{
    private const string TooMany = "421 4.7.0 Too many connections, try again later";

    [Fact]
    public async Task OnConnection_ThousandConcurrentFromOneAddress_AdmitsExactlyTheLimit()
    {
        await using var host = await PolicyHost.StartAsync([], "--Edge:Limits:MaxConnectionsPerAddress=50");
        var clients = new RawSmtpClient[1000];
        try
        {
            string?[] first = await Task.WhenAll(Enumerable.Range(0, clients.Length).Select(async i =>
            {
                clients[i] = await RawSmtpClient.ConnectAsync(host.Mx);
                return await clients[i].ReadLineAsync();
            }));

            Assert.Equal(50, first.Count(line => line is not null && line.StartsWith("220 ", StringComparison.Ordinal)));
            Assert.Equal(950, first.Count(line => line == TooMany));
            Assert.Equal(950, host.MxState.Refused(ConnectionRefusal.AddressLimit));
            Assert.Equal(50, host.MxState.Active);
        }
        finally
        {
            foreach (RawSmtpClient? client in clients)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }
        }

        // Every slot comes back once the connections are gone: a new burst of 50 is admitted in full.
        await host.WaitForNoActiveConnectionsAsync();
        var again = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => RawSmtpClient.ConnectAsync(host.Mx)));
        try
        {
            string?[] greetings = await Task.WhenAll(again.Select(c => c.ReadLineAsync()));
            Assert.All(greetings, line => Assert.StartsWith("220 ", line));
        }
        finally
        {
            foreach (RawSmtpClient client in again)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task OnConnection_ListenerFull_RefusesWith421UntilOneEnds()
    {
        await using var host = await PolicyHost.StartAsync(["MaxConnections=3"]);
        List<RawSmtpClient> open = [];
        try
        {
            for (int i = 0; i < 3; i++)
            {
                open.Add(await RawSmtpClient.ConnectAsync(host.Mx));
                Assert.StartsWith("220 ", await open[^1].ReadLineAsync());
            }

            await using (var refused = await RawSmtpClient.ConnectAsync(host.Mx))
            {
                Assert.Equal(TooMany, await refused.ReadLineAsync());
                Assert.True(await refused.IsClosedAsync());
            }

            Assert.Equal(1, host.MxState.Refused(ConnectionRefusal.ListenerLimit));
            Assert.StartsWith("221", await open[0].CommandAsync("QUIT"));
            Assert.True(await open[0].IsClosedAsync());
            for (int i = 0; i < 250 && host.MxState.Active > 2; i++)
            {
                await Task.Delay(20);
            }

            await using var admitted = await RawSmtpClient.ConnectAsync(host.Mx);
            Assert.StartsWith("220 ", await admitted.ReadLineAsync());
        }
        finally
        {
            foreach (RawSmtpClient client in open)
            {
                await client.DisposeAsync();
            }
        }
    }
}
