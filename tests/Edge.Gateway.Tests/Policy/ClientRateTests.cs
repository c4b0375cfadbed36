// ClientRateTests: Edge:Limits:ConnectionRatePerAddress and MessageRatePerAddress over real sockets. Over the
// connection rate a client hears 421 4.7.0 with a retry hint instead of the greeting (counted as AddressRate), on
// any listener: the buckets are per address, not per port. Over the message rate MAIL gets 451 4.7.0 with a retry
// hint, the session carries on, and nothing reaches the sink. Both are off by default.
using System.Text.RegularExpressions;
using Edge.Gateway.Connections;
using Refusal = Edge.Gateway.Connections.ConnectionRefusal;
using Edge.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using TlsClient = Edge.Gateway.Tests.Support.RawSmtpClient;

namespace Edge.Gateway.Tests.Policy;

public sealed partial class ClientRateTests
{
    [Fact]
    public async Task Connect_OverConnectionRate_421WithRetryHintAndClose()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:ConnectionRatePerAddress=2");
        await using var first = await TlsClient.ConnectAsync(host.Mx);
        await using var second = await TlsClient.ConnectAsync(host.Mx);
        Assert.Equal(220, (await first.ReadReplyAsync()).Code);
        Assert.Equal(220, (await second.ReadReplyAsync()).Code);

        await using var third = await TlsClient.ConnectAsync(host.Mx);
        var refusal = await third.ReadReplyAsync();

        var match = ConnectionRefusal().Match(refusal.Last);
        Assert.True(match.Success, refusal.Last);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 60); // 2 a minute: one token per 30 s
        Assert.True(await third.IsClosedByServerAsync());
        Assert.Equal(1, States(host).For("mx").Refused(Refusal.AddressRate));
    }

    [Fact]
    public async Task Connect_OverConnectionRateOnAnotherListener_StillRefused()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:ConnectionRatePerAddress=1");
        await using var mx = await TlsClient.ConnectAsync(host.Mx);
        Assert.Equal(220, (await mx.ReadReplyAsync()).Code);

        await using var submission = await TlsClient.ConnectAsync(host.Submission);
        var refusal = await submission.ReadReplyAsync();

        Assert.Matches(ConnectionRefusal(), refusal.Last);
        Assert.Equal(1, States(host).For("submission").Refused(Refusal.AddressRate));
    }

    [Fact]
    public async Task Connect_RatesOffByDefault_ManyConnectionsGreeted()
    {
        await using var host = await GatewayHost.StartAsync();
        for (var i = 0; i < 30; i++)
        {
            await using var client = await TlsClient.ConnectAsync(host.Mx);
            Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        }

        Assert.Equal(0, States(host).For("mx").Refused(Refusal.AddressRate));
    }

    [Fact]
    public async Task Mail_OverMessageRate_451WithRetryHintSessionContinuesNothingDelivered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:MessageRatePerAddress=2");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);
        Assert.Equal(250, await SendAsync(client, "one"));
        Assert.Equal(250, await SendAsync(client, "two"));

        var mail = await client.CommandAsync("MAIL FROM:<a@example.org>");

        var match = MessageRefusal().Match(mail.Last);
        Assert.True(match.Success, mail.Last);
        Assert.InRange(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal(503, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code); // no transaction was opened
        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code); // the session carries on
        Assert.Equal(2, (await host.WaitForDeliveriesAsync([], 2)).Length);
        await Task.Delay(100);
        Assert.Equal(2, host.DeliveredFiles().Length);
    }

    [Fact]
    public async Task Mail_OverMessageRateInANewSession_StillRefused()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Limits:MessageRatePerAddress=1");
        await using (var first = await TlsClient.OpenSessionAsync(host.Mx))
        {
            Assert.Equal(250, await SendAsync(first, "one"));
        }

        await using var second = await TlsClient.OpenSessionAsync(host.Mx);
        var mail = await second.CommandAsync("MAIL FROM:<a@example.org>");

        Assert.Matches(MessageRefusal(), mail.Last);
        Assert.Single(await host.WaitForDeliveriesAsync([], 1));
    }

    private static ConnectionStates States(GatewayHost host) => host.App.Services.GetRequiredService<ConnectionStates>();

    private static async Task<int> SendAsync(TlsClient client, string subject)
    {
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        return (await client.CommandAsync($"Subject: {subject}\r\n\r\nHello.\r\n.")).Code;
    }

    [GeneratedRegex(@"^421 4\.7\.0 Too many connections from your address, try again in (\d+) s$")]
    private static partial Regex ConnectionRefusal();

    [GeneratedRegex(@"^451 4\.7\.0 Too many messages from your address, try again in (\d+) s$")]
    private static partial Regex MessageRefusal();
}
