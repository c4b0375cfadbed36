// ShutdownTests: the graceful stop (SIGTERM → IHost.StopAsync): idle sessions get "421 4.3.2" and are closed at
// once; a session in the middle of DATA may finish its message (250, file delivered) and then gets 421; the host
// waits for it (drain) before it stops.
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class ShutdownTests
{
    [Fact]
    public async Task StopAsync_IdleAndDataSessions_IdleGets421DataFinishesThen421()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var idle = await RawSmtpClient.OpenSessionAsync(host.Mx);
        await using var tlsIdle = await RawSmtpClient.OpenSessionAsync(host.Mx, startTls: true);
        await using var sending = await RawSmtpClient.OpenSessionAsync(host.Mx, startTls: true);
        Assert.Equal(250, (await sending.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
        Assert.Equal(250, (await sending.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await sending.CommandAsync("DATA")).Code);
        await sending.SendAsync("Subject: drain\r\n\r\npart one\r\n");

        var stop = Task.Run(host.StopAsync);

        var idleReply = await idle.ReadReplyAsync();
        var tlsIdleReply = await tlsIdle.ReadReplyAsync();
        Assert.StartsWith("421 4.3.2", idleReply.Last, StringComparison.Ordinal);
        Assert.StartsWith("421 4.3.2", tlsIdleReply.Last, StringComparison.Ordinal);
        Assert.True(await idle.IsClosedByServerAsync());
        Assert.True(await tlsIdle.IsClosedByServerAsync());
        Assert.False(stop.IsCompleted, "the host stopped while a message was still being received");

        await sending.SendAsync("part two\r\n.\r\n");
        var accepted = await sending.ReadReplyAsync();
        var goodbye = await sending.ReadReplyAsync();

        Assert.Equal(250, accepted.Code);
        Assert.StartsWith("421 4.3.2", goodbye.Last, StringComparison.Ordinal);
        Assert.True(await sending.IsClosedByServerAsync());
        await stop.WaitAsync(GatewayHost.WaitLimit);
        DeliveredFile.AssertExact(Assert.Single(host.DeliveredFiles()), "Subject: drain\r\n\r\npart one\r\npart two\r\n"u8);
    }
}
