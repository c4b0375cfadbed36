// StartTlsInjectionTests: Edge:Listeners:N:StartTlsInjection over real sockets. SECURITY: with either setting the
// plaintext pipelined after STARTTLS (CVE-2011-0411) never runs inside TLS and is counted; "discard" carries on
// with the TLS session, "reject" answers the first command inside TLS with 554 5.7.0 and closes. A clean STARTTLS
// is unaffected by "reject".
using Edge.Gateway.Metrics;
using Edge.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using TlsClient = Edge.Gateway.Tests.Support.RawSmtpClient;

namespace Edge.Gateway.Tests.Policy;

public sealed class StartTlsInjectionTests
{
    private const string Rejected = "554 5.7.0 Commands sent after STARTTLS before the TLS handshake (command injection); closing";

    [Fact]
    public async Task StartTls_NoopInjectedWithDiscard_DroppedCountedSessionContinues()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:StartTlsInjection=discard");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);

        await client.SendAsync("STARTTLS\r\nNOOP\r\n");
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        await client.UpgradeToTlsAsync(); // throws if a plaintext reply (to the NOOP) followed the 220

        var ehlo = await client.CommandAsync("EHLO client.test");
        Assert.Equal(250, ehlo.Code);
        Assert.DoesNotContain(ehlo.Lines, l => l[4..] == "STARTTLS"); // this is the EHLO reply inside TLS, not a NOOP's
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
        Assert.Equal(1, Discarded(host));
    }

    [Fact]
    public async Task StartTls_NoopInjectedWithReject_FirstCommandInTlsGets554AndClose()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:StartTlsInjection=reject");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);

        await client.SendAsync("STARTTLS\r\nNOOP\r\n");
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        await client.UpgradeToTlsAsync();

        var reply = await client.CommandAsync("EHLO client.test");

        Assert.Equal([Rejected], reply.Lines);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(1, Discarded(host));
    }

    [Fact]
    public async Task StartTls_MailInjectedWithReject_NothingDelivered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:StartTlsInjection=reject");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx);

        await client.SendAsync("STARTTLS\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<user@localhost>\r\nDATA\r\n");
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        await client.UpgradeToTlsAsync();

        // The client goes on as if its injected transaction were open: it gets the 554, never a 354.
        var reply = await client.CommandAsync("Subject: injected\r\n\r\nHello.\r\n.");

        Assert.Equal([Rejected], reply.Lines);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(host.DeliveredFiles());
    }

    [Fact]
    public async Task StartTls_CleanWithReject_SessionWorksAndDelivers()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:StartTlsInjection=reject");
        await using var client = await TlsClient.OpenSessionAsync(host.Mx, startTls: true);

        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<a@example.org>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        Assert.Equal(250, (await client.CommandAsync("Subject: clean\r\n\r\nHello.\r\n.")).Code);

        Assert.Single(await host.WaitForDeliveriesAsync([], 1));
        Assert.Equal(0, Discarded(host));
    }

    private static double Discarded(GatewayHost host) =>
        host.App.Services.GetRequiredService<EdgeMetrics>().PlaintextDiscarded.WithLabels("mx").Value;
}
