// PregreetMiddleware over real sockets against the real host: an mx client that talks before the delayed
// greeting gets 554 5.5.1 and is closed; a patient one is greeted only after the delay and then works; the
// PROXY header itself is not talk.
using System.Diagnostics;
using System.Net;
using Edge.Gateway.Connections;

namespace Edge.Gateway.Tests.Policy;

public sealed class PregreetMiddlewareTests
{
    private const string EarlyTalker = "554 5.5.1 Protocol error: data sent before greeting";

    [Fact]
    public async Task OnConnection_ClientTalksBeforeGreeting_Gets554AndIsClosed()
    {
        await using var host = await PolicyHost.StartAsync(["GreetingDelay=00:00:02"]);
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync("EHLO bot.example\r\n");

        Assert.Equal(EarlyTalker, await client.ReadLineAsync());
        Assert.True(await client.IsClosedAsync());
        Assert.Equal(1, host.MxState.Refused(ConnectionRefusal.EarlyTalker));
        Assert.Empty(host.DeliveredMessages());
    }

    [Fact]
    public async Task OnConnection_PatientClient_GreetedAfterTheDelayAndServed()
    {
        var delay = TimeSpan.FromSeconds(1);
        await using var host = await PolicyHost.StartAsync([$"GreetingDelay={delay:c}"]);
        var clock = Stopwatch.StartNew();
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        string? greeting = await client.ReadReplyAsync();
        TimeSpan waited = clock.Elapsed;

        Assert.StartsWith("220 ", greeting);
        Assert.True(waited >= delay - TimeSpan.FromMilliseconds(50), $"greeted after {waited.TotalMilliseconds} ms");
        Assert.StartsWith("250", await client.SendMessageAsync("patient"));
        Assert.Single(host.DeliveredMessages());
        Assert.Equal(0, host.MxState.Refused(ConnectionRefusal.EarlyTalker));
    }

    [Fact]
    public async Task OnConnection_ProxyHeaderThenSilence_IsNotEarlyTalk()
    {
        await using var host = await PolicyHost.StartAsync(["ProxyProtocol=true", "TrustedProxies:0=127.0.0.1", "GreetingDelay=00:00:01"]);
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync(ProxyProtocolMiddlewareTests.V2(new IPEndPoint(IPAddress.Parse("198.51.100.4"), 4000)));

        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.StartsWith("250", await client.SendMessageAsync("proxied and patient"));
        Assert.Contains("[198.51.100.4]:4000", Assert.Single(host.DeliveredMessages()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnConnection_CommandBehindProxyHeader_IsEarlyTalk()
    {
        await using var host = await PolicyHost.StartAsync(["ProxyProtocol=true", "TrustedProxies:0=127.0.0.1", "GreetingDelay=00:00:02"]);
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync([.. ProxyProtocolMiddlewareTests.V1("198.51.100.4", 4000), .. "EHLO bot.example\r\n"u8]);

        Assert.Equal(EarlyTalker, await client.ReadLineAsync());
        Assert.True(await client.IsClosedAsync());
    }

    [Fact]
    public async Task OnConnection_StartTlsListenerWithDelay_PatientClientStillOffersStartTls()
    {
        await using var host = await PolicyHost.StartAsync(["Mode=starttls", "GreetingDelay=00:00:01"]);
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        await client.SendAsync("EHLO client.example\r\n");
        List<string> lines = [];
        string? line;
        while ((line = await client.ReadLineAsync()) is not null)
        {
            lines.Add(line);
            if (line.Length > 3 && line[3] == ' ')
            {
                break;
            }
        }

        Assert.Contains(lines, l => l[4..] == "STARTTLS");
        Assert.StartsWith("220", await client.CommandAsync("STARTTLS"));
    }
}
