// SessionTests: command handling over a raw socket: a pipelined group (RFC 2920) answered in order in one
// flush, relay control (550 5.7.1 for a domain Edge does not accept), and the Received header's envelope facts.
using System.Text;
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class SessionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Pipelining_MailRcptRcptData_RepliesInOrderInOneBatch()
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        var readsBefore = client.Reads;

        await client.SendAsync("MAIL FROM:<sender@example.test>\r\nRCPT TO:<user@localhost>\r\nRCPT TO:<user@elsewhere.test>\r\nDATA\r\n");
        var replies = await client.ReadRepliesAsync(4);

        Assert.Equal([250, 250, 550, 354], Array.ConvertAll(replies, r => r.Code));
        Assert.StartsWith("550 5.7.1", replies[2].Last, StringComparison.Ordinal);
        Assert.Equal(1, client.Reads - readsBefore); // one flush for the whole group

        await client.SendAsync("Subject: pipelined\r\n\r\nbody\r\n.\r\n");
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);
        var file = Assert.Single(Host.DeliveredSince(before));
        var delivered = DeliveredFile.AssertExact(file, "Subject: pipelined\r\n\r\nbody\r\n"u8);
        Assert.Contains("for <user@localhost>;", delivered.ReceivedText, StringComparison.Ordinal);
        Assert.Contains("from client.test ([127.0.0.1]:", delivered.ReceivedText, StringComparison.Ordinal);
        Assert.Contains("with ESMTP id", delivered.ReceivedText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user@elsewhere.test")]
    [InlineData("user@sub.localhost")]
    [InlineData("user@[127.0.0.1]")]
    public async Task Rcpt_DomainNotAccepted_RelayDenied(string recipient)
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx, startTls: true);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);

        var reply = await client.CommandAsync($"RCPT TO:<{recipient}>");

        Assert.Equal(550, reply.Code);
        Assert.StartsWith("550 5.7.1", reply.Last, StringComparison.Ordinal);
        var data = await client.CommandAsync("DATA");
        Assert.Equal(554, data.Code); // no valid recipient: nothing can be relayed
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);
        Assert.Empty(Host.DeliveredSince(before));
    }

    [Fact]
    public async Task Rcpt_AcceptedAndRefusedRecipients_DeliversOnceWithoutForClause()
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<a@localhost>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<b@LOCALHOST>")).Code);
        Assert.Equal(550, (await client.CommandAsync("RCPT TO:<c@example.net>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync("Subject: two\r\n\r\n.\r\n");
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);

        var delivered = DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), "Subject: two\r\n\r\n"u8);
        Assert.DoesNotContain("for <", delivered.ReceivedText, StringComparison.Ordinal); // RFC 5321 4.4: only for one recipient
        Assert.DoesNotContain("example.net", Encoding.UTF8.GetString(File.ReadAllBytes(delivered.Path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quit_PipelinedBeforeMoreCommands_ByeThenCloseWithoutFurtherReplies()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);

        await client.SendAsync("NOOP\r\nQUIT\r\nNOOP\r\n");
        var replies = await client.ReadRepliesAsync(2);

        Assert.Equal([250, 221], Array.ConvertAll(replies, r => r.Code));
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Errors_TooMany_ClosesWith421()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        var replies = new List<SmtpResponse>();

        // MaxErrors is 10: ten errors are answered, the 11th is answered with 421 and the connection closes.
        for (var i = 0; i < 11; i++)
        {
            replies.Add(await client.CommandAsync("BOGUS"));
            if (replies[^1].Code == 421)
            {
                break;
            }
        }

        Assert.Equal(11, replies.Count);
        Assert.StartsWith("421 4.7.0", replies[^1].Last, StringComparison.Ordinal);
        Assert.All(replies.Take(replies.Count - 1), r => Assert.Equal(500, r.Code));
        Assert.True(await client.IsClosedByServerAsync());
    }

    [Fact]
    public async Task Rcpt_MoreThanMaxRecipients_TooManyRecipientsAndDeliveredOnce()
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        var group = new StringBuilder("MAIL FROM:<sender@example.test>\r\n");
        for (var i = 0; i < 101; i++)
        {
            group.Append("RCPT TO:<user").Append(i).Append("@localhost>\r\n");
        }

        await client.SendAsync(group.Append("DATA\r\n").ToString());
        var replies = await client.ReadRepliesAsync(103);

        Assert.Equal(250, replies[0].Code);
        Assert.All(replies[1..101], r => Assert.Equal(250, r.Code));
        Assert.StartsWith("452 4.5.3", replies[101].Last, StringComparison.Ordinal);
        Assert.Equal(354, replies[102].Code);
        await client.SendAsync("Subject: many\r\n\r\n.\r\n");
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        Assert.Single(Host.DeliveredSince(before));
    }

    [Fact]
    public async Task Helo_PlainSession_ReceivedSaysSmtp()
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.ConnectAsync(Host.Mx);
        await client.ReadReplyAsync();
        Assert.Equal(250, (await client.CommandAsync("HELO old.client.test")).Code);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync("Subject: helo\r\n\r\nbody\r\n.\r\n");

        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        var delivered = DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), "Subject: helo\r\n\r\nbody\r\n"u8);
        Assert.StartsWith("Received: from old.client.test ", delivered.ReceivedText, StringComparison.Ordinal);
        Assert.Contains("with SMTP id", delivered.ReceivedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_InTheMiddleOfData_NothingDeliveredTemporaryFileRemoved()
    {
        var before = Host.DeliveredFiles();
        var tmp = Path.Combine(Host.Inbox, "tmp");
        await using (var client = await RawSmtpClient.OpenSessionAsync(Host.Mx))
        {
            Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
            Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
            Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
            await client.SendAsync("Subject: cut\r\n\r\n" + new string('x', 100_000) + "\r\n");
        }

        var deadline = DateTime.UtcNow + GatewayHost.WaitLimit;
        while (Directory.GetFiles(tmp).Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Empty(Directory.GetFiles(tmp));
        Assert.Empty(Host.DeliveredSince(before));
        await using var next = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        Assert.Equal(250, (await next.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task Pipelining_WholeTransactionAndQuitInOneWrite_DeliveredAndAnsweredInOrder()
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);

        await client.SendAsync(
            "MAIL FROM:<sender@example.test>\r\nRCPT TO:<user@localhost>\r\nDATA\r\n" +
            "Subject: blast\r\n\r\nQUIT\r\n..\r\n.\r\nQUIT\r\n");
        var replies = await client.ReadRepliesAsync(5);

        Assert.Equal([250, 250, 354, 250, 221], Array.ConvertAll(replies, r => r.Code));
        Assert.True(await client.IsClosedByServerAsync());
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), "Subject: blast\r\n\r\nQUIT\r\n.\r\n"u8);
    }

    [Fact]
    public async Task Pipelining_EhloAndStartTlsInOneWrite_BothAnsweredThenTls()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Host.Mx);
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);

        await client.SendAsync("EHLO client.test\r\nSTARTTLS\r\n");
        var replies = await client.ReadRepliesAsync(2);
        await client.UpgradeToTlsAsync();

        Assert.Equal([250, 220], Array.ConvertAll(replies, r => r.Code));
        Assert.Contains(replies[0].Lines, l => l[4..] == "STARTTLS");
        Assert.Equal(250, (await client.CommandAsync("EHLO client.test")).Code);
    }

    [Fact]
    public async Task ImplicitTls_PlaintextClient_ConnectionClosedServerStillServes()
    {
        await using (var client = await RawSmtpClient.ConnectAsync(Host.Submissions))
        {
            await client.SendAsync("EHLO client.test\r\n");

            Assert.True(await client.IsClosedByServerAsync());
        }

        await using var next = await RawSmtpClient.OpenSessionAsync(Host.Submissions, implicitTls: true);
        Assert.Equal(250, (await next.CommandAsync("NOOP")).Code);
    }
}
