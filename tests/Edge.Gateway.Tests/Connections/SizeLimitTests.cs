// SizeLimitTests: the listener's message size limit (RFC 1870) on a 64 KiB listener: SIZE= above it is refused at
// MAIL, DATA and BDAT content above it get 552 (DATA only after the end of data) and nothing is delivered;
// content of exactly the limit is delivered.
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class SizeLimitTests(SmallMessageGatewayFixture fixture) : IClassFixture<SmallMessageGatewayFixture>
{
    private const int Limit = SmallMessageGatewayFixture.MaxMessageSize;

    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task Ehlo_SmallListener_AdvertisesItsLimit()
    {
        await using var client = await RawSmtpClient.ConnectAsync(Host.Mx);
        await client.ReadReplyAsync();

        var ehlo = await client.CommandAsync("EHLO client.test");

        Assert.Contains("250-SIZE 65536", ehlo.Lines);
    }

    [Fact]
    public async Task Mail_DeclaredSizeAboveLimit_MessageTooBig()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);

        var reply = await client.CommandAsync($"MAIL FROM:<sender@example.test> SIZE={Limit + 1}");

        Assert.Equal(552, reply.Code);
        Assert.StartsWith("552 5.3.4", reply.Last, StringComparison.Ordinal);
        Assert.Equal(250, (await client.CommandAsync($"MAIL FROM:<sender@example.test> SIZE={Limit}")).Code);
    }

    [Fact]
    public async Task Data_ContentAboveLimit_MessageTooBigAfterEndAndNothingDelivered()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        await client.SendAsync(Lines(100 * 1024));
        await client.SendAsync(".\r\n");
        var reply = await client.ReadReplyAsync(); // the first reply after 354: nothing was said mid-content

        Assert.Equal(552, reply.Code);
        Assert.StartsWith("552 5.3.4", reply.Last, StringComparison.Ordinal);
        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code);
        Assert.Empty(Host.DeliveredSince(before));
        Assert.Empty(Directory.GetFiles(Path.Combine(Host.Inbox, "tmp")));
    }

    [Fact]
    public async Task Data_ContentExactlyAtLimit_Delivered()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);
        var content = Lines(Limit);

        await client.SendAsync(content);
        await client.SendAsync(".\r\n");

        Assert.Equal(250, (await client.ReadReplyAsync()).Code);
        DeliveredFile.AssertExact(Assert.Single(Host.DeliveredSince(before)), content);
    }

    [Fact]
    public async Task Bdat_SingleChunkAboveLimit_MessageTooBigChunkDiscarded()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        var chunk = Lines(Limit + 1);

        await client.SendAsync($"BDAT {chunk.Length} LAST\r\n");
        await client.SendAsync(chunk);
        var reply = await client.ReadReplyAsync();

        Assert.Equal(552, reply.Code);
        Assert.StartsWith("552 5.3.4", reply.Last, StringComparison.Ordinal);
        Assert.Equal(["250 2.0.0 Ok"], (await client.CommandAsync("NOOP")).Lines); // the chunk was not read as commands
        Assert.Empty(Host.DeliveredSince(before));
    }

    [Fact]
    public async Task Bdat_ChunksGrowingPastLimit_SecondChunkMessageTooBig()
    {
        var before = Host.DeliveredFiles();
        await using var client = await OpenTransactionAsync();
        var chunk = Lines(40 * 1024);

        await client.SendAsync($"BDAT {chunk.Length}\r\n");
        await client.SendAsync(chunk);
        var first = await client.ReadReplyAsync();
        await client.SendAsync($"BDAT {chunk.Length} LAST\r\n");
        await client.SendAsync(chunk);
        var second = await client.ReadReplyAsync();

        Assert.Equal(250, first.Code);
        Assert.Equal(552, second.Code);
        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code);
        await client.SendAsync("BDAT 1 LAST\r\nx");
        Assert.Equal(503, (await client.ReadReplyAsync()).Code); // the transaction is over
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

    /// <summary>Exactly <paramref name="length"/> octets of CRLF lines (no line starts with '.').</summary>
    private static byte[] Lines(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        for (var i = 78; i + 1 < length; i += 80)
        {
            bytes[i] = (byte)'\r';
            bytes[i + 1] = (byte)'\n';
        }

        if (length >= 2)
        {
            bytes[^2] = (byte)'\r';
            bytes[^1] = (byte)'\n';
            if (length >= 3 && bytes[^3] == (byte)'\r')
            {
                bytes[^3] = (byte)'z'; // no empty last line needed; keep CR only in CRLF pairs
            }
        }

        return bytes;
    }
}
