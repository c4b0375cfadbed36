// ImproperPipeliningTests: Edge:Listeners:N:ImproperPipelining over real sockets. Input sent behind a command that
// ends a pipeline group (RFC 2920 3.1), or pipelined without PIPELINING negotiated, is counted once per session in
// edge_improper_pipelining_total; "allow" carries on, "reject" answers 554 5.5.0 and closes with nothing delivered.
// Proper pipelining (raw, and MailKit's) is never flagged.
using Edge.Gateway.Configuration;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tests.Support;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Client = Edge.Gateway.Tests.Support.RawSmtpClient;

namespace Edge.Gateway.Tests.Policy;

public sealed class ImproperPipeliningTests
{
    private const string Rejected = "554 5.5.0 Improper use of SMTP command pipelining; closing";
    private const string Blast = "MAIL FROM:<a@example.org>\r\nRCPT TO:<user@localhost>\r\nDATA\r\nSubject: blast\r\n\r\nHello.\r\n.\r\nQUIT\r\n";

    [Fact]
    public async Task DataWithContentBehind_Allow_CountedAndDelivered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=allow");
        await using var client = await Client.OpenSessionAsync(host.Mx);

        await client.SendAsync(Blast);
        var replies = await client.ReadRepliesAsync(5);

        Assert.Equal([250, 250, 354, 250, 221], replies.Select(r => r.Code));
        Assert.Single(await host.WaitForDeliveriesAsync([], 1));
        Assert.Equal(1, Improper(host));
        Assert.Equal(0, Rejections(host));
    }

    [Fact]
    public async Task DataWithContentBehind_Reject_554CloseNothingDelivered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=reject");
        await using var client = await Client.OpenSessionAsync(host.Mx);

        await client.SendAsync(Blast);
        var replies = await client.ReadRepliesAsync(3);

        Assert.Equal([250, 250, 554], replies.Select(r => r.Code));
        Assert.Equal([Rejected], replies[2].Lines);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Empty(host.DeliveredFiles());
        Assert.Equal(1, Improper(host));
        Assert.Equal(1, Rejections(host));
    }

    [Fact]
    public async Task EhloWithMailBehind_Reject_EhloNotAnswered()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=reject");
        await using var client = await Client.ConnectAsync(host.Mx);
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);

        await client.SendAsync("EHLO client.test\r\nMAIL FROM:<a@example.org>\r\n");

        Assert.Equal([Rejected], (await client.ReadReplyAsync()).Lines);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(1, Rejections(host));
    }

    [Fact]
    public async Task PipelinedAfterHelo_Reject_NotNegotiatedSo554()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=reject");
        await using var client = await Client.ConnectAsync(host.Mx);
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        Assert.Equal(250, (await client.CommandAsync("HELO client.test")).Code);

        await client.SendAsync("MAIL FROM:<a@example.org>\r\nRCPT TO:<user@localhost>\r\n");

        Assert.Equal([Rejected], (await client.ReadReplyAsync()).Lines);
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Equal(1, Improper(host));
    }

    [Fact]
    public async Task NoopWithNoopBehind_Allow_BothAnsweredCountedOnce()
    {
        await using var host = await GatewayHost.StartAsync();
        await using var client = await Client.OpenSessionAsync(host.Mx);

        await client.SendAsync("NOOP\r\nNOOP\r\nNOOP\r\n");

        Assert.Equal([250, 250, 250], (await client.ReadRepliesAsync(3)).Select(r => r.Code));
        Assert.Equal(1, Improper(host));
        Assert.Equal(0, Rejections(host));
    }

    [Fact]
    public async Task ProperGroupAfterEhlo_Reject_NotFlagged()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=reject");
        await using var client = await Client.OpenSessionAsync(host.Mx);

        // RFC 2920 3.1: MAIL and RCPT may be followed by more in one group; DATA ends it.
        await client.SendAsync("MAIL FROM:<a@example.org>\r\nRCPT TO:<user@localhost>\r\nRCPT TO:<other@localhost>\r\nDATA\r\n");
        Assert.Equal([250, 250, 250, 354], (await client.ReadRepliesAsync(4)).Select(r => r.Code));
        Assert.Equal(250, (await client.CommandAsync("Subject: proper\r\n\r\nHello.\r\n.")).Code);
        await client.SendAsync("RSET\r\nMAIL FROM:<b@example.org>\r\nRCPT TO:<user@localhost>\r\nNOOP\r\n");
        Assert.Equal([250, 250, 250, 250], (await client.ReadRepliesAsync(4)).Select(r => r.Code));

        Assert.Single(await host.WaitForDeliveriesAsync([], 1));
        Assert.Equal(0, Improper(host));
    }

    [Fact]
    public async Task StartTlsWithPlaintextBehind_LeftToInjectionPolicy()
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=reject", "--Edge:Listeners:0:StartTlsInjection=discard");
        await using var client = await Client.OpenSessionAsync(host.Mx);

        await client.SendAsync("STARTTLS\r\nNOOP\r\n");
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        await client.UpgradeToTlsAsync();

        Assert.Equal(250, (await client.CommandAsync("EHLO client.test")).Code);
        Assert.Equal(0, Improper(host));
    }

    [Theory]
    [InlineData(SecureSocketOptions.None)]
    [InlineData(SecureSocketOptions.StartTls)]
    public async Task MailKit_Reject_NeverFlagged(SecureSocketOptions security)
    {
        await using var host = await GatewayHost.StartAsync("--Edge:Listeners:0:ImproperPipelining=reject");
        using var client = await MailKitClient.ConnectAsync(host.Mx, security);
        Assert.True(client.Capabilities.HasFlag(MailKit.Net.Smtp.SmtpCapabilities.Pipelining));

        for (int i = 0; i < 3; i++)
        {
            var message = MailKitClient.TextMessage("pipelined " + i, "Hello.");
            message.To.Add(new MimeKit.MailboxAddress("Other", "other@localhost"));
            message.Cc.Add(new MimeKit.MailboxAddress("Third", "third@localhost"));
            await client.SendAsync(message);
        }

        await client.NoOpAsync();
        await client.DisconnectAsync(quit: true);

        Assert.Equal(3, (await host.WaitForDeliveriesAsync([], 3)).Length);
        Assert.Equal(0, Improper(host));
        Assert.Equal(0, Rejections(host));
    }

    [Theory]
    [InlineData("allow", true)]
    [InlineData("REJECT", true)]
    [InlineData("", true)]
    [InlineData("drop", false)]
    public void Validate_ImproperPipelining_ValueChecked(string value, bool valid)
    {
        var options = new EdgeOptions
        {
            Listeners = { new ListenerOptions { Name = "mx", Endpoint = "127.0.0.1:2525", Mode = "starttls", Role = "mx", ImproperPipelining = value } },
            AcceptedDomains = { "example.com" },
            Delivery = { Directory = "/tmp/inbox" },
        };

        var failures = new EdgeOptionsValidator().Validate(null, options).Failures ?? [];

        if (valid)
        {
            Assert.Empty(failures);
        }
        else
        {
            Assert.Equal(["Edge:Listeners:0:ImproperPipelining: 'drop' is not one of allow, reject"], failures);
        }
    }

    private static double Improper(GatewayHost host) =>
        host.App.Services.GetRequiredService<EdgeMetrics>().ImproperPipelining.WithLabels("mx").Value;

    private static double Rejections(GatewayHost host) =>
        host.App.Services.GetRequiredService<EdgeMetrics>().PolicyRejections.WithLabels("mx", "improper_pipelining").Value;
}
