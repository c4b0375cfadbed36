// DataContentTests: message content over DATA and BDAT through the real host. SECURITY: a bare LF or CR, and
// every SMTP-smuggling end-of-data look-alike, are refused with 550 5.6.11 after the real end of data, and
// nothing behind the look-alike runs as commands or is delivered. BDAT content is taken as-is (no dot rules).
using System.Text;
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class DataContentTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Data_DotStuffedLines_DeliveredUnstuffed()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync("Subject: dots\r\n\r\n..leading\r\n..\r\n...two\r\nend\r\n.\r\n");

        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), "Subject: dots\r\n\r\n.leading\r\n.\r\n..two\r\nend\r\n"u8);
    }

    [Fact]
    public async Task Data_EmptyContent_DeliversReceivedHeaderOnly()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync(".\r\n");

        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), ""u8);
    }

    [Fact]
    public async Task Data_BareLf_RefusedAfterEndOfDataAndNothingDelivered()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync("Subject: bare lf\r\n\r\nline one\nline two\r\n.\r\n");
        var reply = await client.ReadReplyAsync();

        Assert.Equal(550, reply.Code);
        Assert.StartsWith("550 5.6.11", reply.Last, StringComparison.Ordinal);
        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code);
        Assert.Empty(Host.DeliveredSince(before));
        Assert.Empty(Directory.GetFiles(Path.Combine(Host.Inbox, "tmp"))); // the aborted file was removed
    }

    [Theory]
    [InlineData("\n.\n")]
    [InlineData("\n.\r\n")]
    [InlineData("\r.\r\n")]
    [InlineData("\r\n.\n")]
    public async Task Data_SmugglingShapeThenSecondTransaction_NothingDelivered(string shape)
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync(
            "Subject: first\r\n\r\nhello" + shape +
            "MAIL FROM:<evil@example.test>\r\nRCPT TO:<victim@localhost>\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n.\r\n");
        var reply = await client.ReadReplyAsync();

        Assert.Equal(550, reply.Code);
        Assert.StartsWith("550 5.6.11", reply.Last, StringComparison.Ordinal);
        Assert.Equal(["250 2.0.0 Ok"], (await client.CommandAsync("NOOP")).Lines); // the very next reply: nothing else ran
        Assert.Equal(503, (await client.CommandAsync("DATA")).Code); // no transaction is open
        Assert.Empty(Host.DeliveredSince(before));
    }

    [Fact]
    public async Task Bdat_TwoChunks_DeliversConcatenationExactly()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        var first = Encoding.ASCII.GetBytes("Subject: bdat\r\n\r\n.leading dot\r\n");
        var last = Encoding.ASCII.GetBytes(".\r\nno stuffing\r\n.\r\n");

        await client.SendAsync(Concat(Encoding.ASCII.GetBytes($"BDAT {first.Length}\r\n"), first));
        var firstReply = await client.ReadReplyAsync();
        await client.SendAsync(Concat(Encoding.ASCII.GetBytes($"BDAT {last.Length} LAST\r\n"), last));
        var lastReply = await client.ReadReplyAsync();

        Assert.Equal(250, firstReply.Code);
        Assert.Equal(250, lastReply.Code);
        Assert.Contains("queued as", lastReply.Last, StringComparison.Ordinal);
        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code);
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), Concat(first, last));
    }

    [Fact]
    public async Task Bdat_PipelinedChunksInOneWrite_DeliversConcatenationExactly()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        var content = "Subject: one write\r\n\r\nBDAT 5 LAST\r\nlooks like a command\r\n"u8.ToArray();

        await client.SendAsync(Concat(
            Encoding.ASCII.GetBytes("BDAT 10\r\n"), content[..10],
            Encoding.ASCII.GetBytes($"BDAT {content.Length - 10} LAST\r\n"), content[10..]));
        var replies = await client.ReadRepliesAsync(2);

        Assert.Equal([250, 250], Array.ConvertAll(replies, r => r.Code));
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), content);
    }

    [Fact]
    public async Task Bdat_ChunkThenEmptyLastChunk_DeliversFirstChunk()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();

        await client.SendAsync("BDAT 20\r\nSubject: zero\r\n\r\nx\r\nBDAT 0 LAST\r\n");
        var replies = await client.ReadRepliesAsync(2);

        Assert.Equal([250, 250], Array.ConvertAll(replies, r => r.Code));
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), "Subject: zero\r\n\r\nx\r\n"u8);
    }

    [Fact]
    public async Task Data_AfterBdatChunk_BadSequenceAndNothingDelivered()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        await client.SendAsync("BDAT 3\r\nabc");
        Assert.Equal(250, (await client.ReadReplyAsync()).Code);

        var data = await client.CommandAsync("DATA");

        Assert.Equal(503, data.Code);
        Assert.Equal(250, (await client.CommandAsync("RSET")).Code);
        Assert.Empty(Host.DeliveredSince(before));
        Assert.Empty(Directory.GetFiles(Path.Combine(Host.Inbox, "tmp")));
    }

    private async Task<RawSmtpClient> OpenTransactionAsync()
    {
        var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        return client;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var stream = new MemoryStream();
        foreach (var part in parts)
        {
            stream.Write(part);
        }

        return stream.ToArray();
    }
}
