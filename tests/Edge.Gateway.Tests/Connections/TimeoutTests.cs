// TimeoutTests: the server-side timeouts (RFC 5321 4.5.3.2), driven by Kestrel's heartbeat: greeting (until the
// client's first octets), command and data block. A client that stays silent too long gets "421 4.4.2" and the
// connection is closed. Each test has its own host with a short timeout.
using System.Diagnostics;
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class TimeoutTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Idle_CommandTimeoutElapsed_TimeoutReplyAndClose(bool tls)
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:Timeouts:Command=00:00:02");
        await using var client = await RawSmtpClient.OpenSessionAsync(host.Mx, startTls: tls);
        var idle = Stopwatch.StartNew();

        var reply = await client.ReadReplyAsync();

        Assert.Equal(421, reply.Code);
        Assert.StartsWith("421 4.4.2", reply.Last, StringComparison.Ordinal);
        Assert.True(idle.Elapsed >= TimeSpan.FromSeconds(1.5), $"timed out after {idle.Elapsed.TotalMilliseconds} ms, before the 2 s timeout");
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Idle_ClientActiveWithinTimeout_NotClosed()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:Timeouts:Command=00:00:02");
        await using var client = await RawSmtpClient.OpenSessionAsync(host.Mx);

        // Each command re-arms the timeout: 3 s of activity in total, never 2 s of silence.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(500);
            Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.test>")).Code);
            Assert.Equal(250, (await client.CommandAsync("RSET")).Code);
        }
    }

    [Fact]
    public async Task Data_DataBlockTimeoutElapsed_TimeoutReplyCloseAndNothingDelivered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:Timeouts:DataBlock=00:00:02");
        await using var client = await RawSmtpClient.OpenSessionAsync(host.Mx);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        await client.SendAsync("Subject: slow\r\n\r\nfirst line\r\n");

        var reply = await client.ReadReplyAsync();

        Assert.StartsWith("421 4.4.2", reply.Last, StringComparison.Ordinal);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(host.DeliveredFiles());
        Assert.Empty(Directory.GetFiles(Path.Combine(host.Inbox, "tmp")));
    }

    [Fact]
    public async Task Greeting_SilentClient_GreetingTimeoutThenCommandTimeoutOnceSpoken()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:Timeouts:Greeting=00:00:01");
        await using var silent = await RawSmtpClient.ConnectAsync(host.Mx);
        await using var talker = await RawSmtpClient.OpenSessionAsync(host.Mx);
        Assert.Equal(220, (await silent.ReadReplyAsync()).Code);

        var reply = await silent.ReadReplyAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the talker has now been quiet for longer than Greeting

        Assert.StartsWith("421 4.4.2", reply.Last, StringComparison.Ordinal);
        Assert.True(await silent.IsClosedByServerAsync());
        Assert.Equal(250, (await talker.CommandAsync("NOOP")).Code); // after its first command, Command (5 min) applies
    }
}
