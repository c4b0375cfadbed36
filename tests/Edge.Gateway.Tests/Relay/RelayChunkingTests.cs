// RelayChunkingTests: a client's BDAT chunks (RFC 3030) reach a backend as one DATA transaction with the same bytes:
// the seam hands the relay unstuffed content, the relay dot-stuffs it for DATA.
using System.Text;

namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayChunkingTests
{
    [Fact]
    public async Task Bdat_ThreeChunks_RelayedAsDataByteExact()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        var body = TestMessages.Body(7, 20_000);
        var chunks = new[] { body[..1000], body[1000..1001], body[1001..] };

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        string last = "";
        for (var i = 0; i < chunks.Length; i++)
        {
            var header = Encoding.ASCII.GetBytes($"BDAT {chunks[i].Length}{(i == chunks.Length - 1 ? " LAST" : "")}\r\n");
            last = await client.RawAsync([.. header, .. chunks[i]]);
            Assert.StartsWith("250", last, StringComparison.Ordinal);
        }

        Assert.StartsWith("250 2.0.0 Ok: queued as Q", last, StringComparison.Ordinal);
        TestMessages.AssertRelayed(body, Assert.Single(backend.Messages).Content);
        Assert.Contains("DATA", backend.Commands);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("BDAT", StringComparison.OrdinalIgnoreCase));
    }
}
