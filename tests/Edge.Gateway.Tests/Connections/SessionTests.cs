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
}
