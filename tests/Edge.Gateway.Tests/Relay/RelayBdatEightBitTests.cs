// RelayBdatEightBitTests: BDAT relayed as BDAT to a backend offering CHUNKING (RFC 3030), block by block with a
// final BDAT 0 LAST, a refused chunk's reply given to the client and never a 250; a DATA client stays DATA. And
// RFC 6152 3 towards a backend without 8BITMIME: 7-bit content goes through, the first 8-bit octet abandons the
// backend's transaction (connection closed, not reused, no 8-bit octet sent) and the client gets 554 5.6.3.
using System.Text;

namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayBdatEightBitTests
{
    [Fact]
    public async Task Bdat_BackendOffersChunking_RelayedAsBdatByteExactEndingWithBdat0Last()
    {
        await using var backend = new TestBackendMta { OfferChunking = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        var body = TestMessages.Body(8, 600_000);
        var chunks = new[] { body[..1000], body[1000..1001], body[1001..] };

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        var last = "";
        for (var i = 0; i < chunks.Length; i++)
        {
            var header = Encoding.ASCII.GetBytes($"BDAT {chunks[i].Length}{(i == chunks.Length - 1 ? " LAST" : "")}\r\n");
            last = await client.RawAsync([.. header, .. chunks[i]]);
            Assert.StartsWith("250", last, StringComparison.Ordinal);
        }

        Assert.StartsWith("250 2.0.0 Ok: queued as Q", last, StringComparison.Ordinal);
        var message = Assert.Single(backend.Messages);
        TestMessages.AssertRelayed(body, message.Content);
        // At least one BDAT per client chunk (a large one may be split at the gateway's content blocks) and BDAT 0 LAST.
        Assert.True(message.Chunks >= chunks.Length + 1, $"each client chunk is relayed as BDAT, got {message.Chunks} BDAT commands");
        Assert.Equal("BDAT 0 LAST", backend.Commands.Last(c => c.StartsWith("BDAT", StringComparison.Ordinal)));
        Assert.DoesNotContain("DATA", backend.Commands);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task Bdat_BackendRefusesAChunk_ClientGetsTheRefusalNo250()
    {
        await using var backend = new TestBackendMta { OfferChunking = true, ChunkReply = (1, "552 5.3.4 Message too big for system") };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        var body = TestMessages.Body(9, 5_000);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.RawAsync([.. Encoding.ASCII.GetBytes("BDAT 1000\r\n"), .. body[..1000]]), StringComparison.Ordinal);
        var final = await client.RawAsync([.. Encoding.ASCII.GetBytes($"BDAT {body.Length - 1000} LAST\r\n"), .. body[1000..]]);

        Assert.Equal("552 5.3.4 Message too big for system", final);
        Assert.Empty(backend.Messages);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(10, 100)), StringComparison.Ordinal);
        Assert.Single(backend.Messages);
    }

    [Fact]
    public async Task Data_BackendOffersChunking_StaysData()
    {
        await using var backend = new TestBackendMta { OfferChunking = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(11, 2_000)), StringComparison.Ordinal);

        Assert.Contains("DATA", backend.Commands);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("BDAT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EightBit_BackendWithout8BitMime_SevenBitRelayedEightBit554NeverSent()
    {
        await using var backend = new TestBackendMta { Offer8BitMime = false };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        var sevenBit = Encoding.ASCII.GetBytes("Subject: plain\r\n\r\nhello\r\n");
        var eightBit = Encoding.UTF8.GetBytes("Subject: accents\r\n\r\nfirst line\r\ncaf\u00e9 cr\u00e8me\r\n");

        Assert.StartsWith("250 2.0.0 Ok: queued as", await SendEightBitMimeAsync(client, sevenBit), StringComparison.Ordinal);
        Assert.Equal("554 5.6.3 Conversion required but not supported: the next hop does not accept 8-bit content", await SendEightBitMimeAsync(client, eightBit));
        Assert.StartsWith("250 2.0.0 Ok: queued as", await SendEightBitMimeAsync(client, sevenBit), StringComparison.Ordinal);

        Assert.Equal(2, backend.Messages.Count);
        Assert.Empty(backend.Violations); // no 8-bit octet reached the backend
        Assert.DoesNotContain(backend.Commands, c => c.Contains("BODY=", StringComparison.Ordinal));
        Assert.Equal(2, backend.ConnectionCount); // the abandoned connection was closed, not reused
        Assert.Equal(0, gateway.Sink.Backends[0].ConsecutiveFailures); // the content's fault, not the backend's
    }

    private static async Task<string> SendEightBitMimeAsync(SmtpTestClient client, byte[] body)
    {
        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example> BODY=8BITMIME"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        return await client.RawAsync(SmtpTestClient.Stuff(body));
    }
}
