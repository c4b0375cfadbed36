// MessagesPerSessionTests: Edge:Limits:MaxMessagesPerSession over real sockets. Transactions that reached the end
// of data count; the MAIL after the allowance gets 421 4.7.0 and the session closes, nothing more reaches the sink,
// and a new session starts afresh. MAIL/RSET cycles do not count (the junk limit covers those).
using Edge.Gateway.Tests.Support;
using TlsClient = Edge.Gateway.Tests.Support.RawSmtpClient;

namespace Edge.Gateway.Tests.Policy;

public sealed class MessagesPerSessionTests
{
    private const string TooMany = "421 4.7.0 Too many messages in this session, reconnect to send more";

    [Fact]
    public async Task Mail_AfterMaxMessages_421AndCloseAndNothingMoreDelivered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:MaxMessagesPerSession=2");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);
        Assert.Equal(250, await SendAsync(client, "one"));
        Assert.Equal(250, await SendAsync(client, "two"));

        var mail = await client.CommandAsync("MAIL FROM:<a@example.org>");

        Assert.Equal([TooMany], mail.Lines);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(2, (await host.WaitForDeliveriesAsync([], 2)).Length);
        await Task.Delay(100); // a third file would have been written by now
        Assert.Equal(2, host.DeliveredFiles().Length);
    }

    [Fact]
    public async Task Mail_NewSessionAfterLimit_AcceptedAgain()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:MaxMessagesPerSession=1");
        await using (var first = await TlsClient.OpenSessionAsync(host.Mx))
        {
            Assert.Equal(250, await SendAsync(first, "one"));
            Assert.Equal(421, (await first.CommandAsync("MAIL FROM:<a@example.org>")).Code);
        }

        await using var second = await TlsClient.OpenSessionAsync(host.Mx);

        Assert.Equal(250, await SendAsync(second, "two"));
        Assert.Equal(2, (await host.WaitForDeliveriesAsync([], 2)).Length);
    }

    [Fact]
    public async Task Mail_AbortedTransactions_DoNotCount()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:MaxMessagesPerSession=1");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
            Assert.Equal(250, (await client.CommandAsync("RSET")).Code);
        }

        Assert.Equal(250, await SendAsync(client, "one"));
        Assert.Equal(421, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
    }

    [Fact]
    public async Task Mail_DefaultLimit_ManyMessagesInOneSession()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(250, await SendAsync(client, "m" + i));
        }

        Assert.Equal(421, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
    }

    private static async Task<int> SendAsync(TlsClient client, string subject)
    {
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        return (await client.CommandAsync($"Subject: {subject}\r\n\r\nHello.\r\n.")).Code;
    }
}
