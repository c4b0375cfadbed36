// LargeMessageTests: a 10 MB message streamed over DATA (STARTTLS) is delivered byte-exact, and the gateway
// streams it: before the end of data is sent, most of it is already in the temporary file, and the managed heap
// has neither retained nor allocated anything near the message's size. Runs alone (process-wide GC figures).
using System.Text;
using Edge.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Gateway.Tests.Connections;

[Collection(MemoryMeasurement.Name)]
public sealed class LargeMessageTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const int MessageSize = 10 * 1024 * 1024;
    private const int WriteSize = 64 * 1024;

    // Generous bounds, a fraction of the message: what the gateway legitimately holds is Kestrel's pipe blocks
    // (at most ~1 MiB of unread input), one content buffer per read batch (ArrayPool) and a 64 KiB file buffer.
    private const long MaxRetainedGrowth = 4 * 1024 * 1024;
    private const long MaxAllocated = 5 * 1024 * 1024;

    [Fact]
    public async Task Data_TenMegabytesStreamedOverTls_FileExactAndHeapBounded()
    {
        var host = fixture.Host;
        var (content, wire) = BuildMessage();
        var before = host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(host.Mx, startTls: true);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<big@example.test> SIZE=" + content.Length)).Code);
        Assert.Equal(250, (await client.CommandAsync("RCPT TO:<user@localhost>")).Code);
        Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

        var retainedBefore = ManagedHeap.LiveBytes();
        var allocatedBefore = ManagedHeap.AllocatedBytes();
        for (var offset = 0; offset < wire.Length; offset += WriteSize)
        {
            await client.SendAsync(wire.AsMemory(offset, Math.Min(WriteSize, wire.Length - offset)));
        }

        // Everything but the final ".\r\n" is sent: a streaming gateway has most of it on disk already.
        var written = await WaitForTemporaryFileAsync(host, content.Length - (2 * 1024 * 1024));
        var allocated = ManagedHeap.AllocatedBytes() - allocatedBefore;
        var retained = ManagedHeap.LiveBytes() - retainedBefore;

        output.WriteLine($"before end of data: {written} octets on disk, {retained} retained, {allocated} allocated");
        await client.SendAsync(".\r\n"u8.ToArray());
        var reply = await client.ReadReplyAsync();
        Assert.Equal(250, reply.Code);
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);

        Assert.True(written >= content.Length - (2 * 1024 * 1024), $"only {written} octets in the temporary file before the end of data");
        Assert.True(retained < MaxRetainedGrowth, $"managed heap retained {retained} more octets while receiving a {MessageSize}-octet message");
        Assert.True(allocated < MaxAllocated, $"{allocated} octets allocated while receiving a {MessageSize}-octet message");
        var file = Assert.Single(host.DeliveredSince(before));
        DeliveredFile.AssertExact(file, content);
    }

    [Fact]
    public async Task SendAsync_MailKitTenMegabytes_FileExact()
    {
        var host = fixture.Host;
        var before = host.DeliveredFiles();
        var body = new StringBuilder(MessageSize + 100);
        for (var i = 0; body.Length < MessageSize; i++)
        {
            body.Append(i % 50 == 0 ? "." : "").Append(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append(" some text to fill the line up to a sensible length\r\n");
        }

        var message = MailKitClient.TextMessage("ten megabytes via MailKit", body.ToString());
        using var client = await MailKitClient.ConnectAsync(host.Mx, MailKit.Security.SecureSocketOptions.StartTls);
        client.Capabilities &= ~MailKit.Net.Smtp.SmtpCapabilities.Chunking; // DATA, with dot-stuffing

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var file = Assert.Single(host.DeliveredSince(before));
        DeliveredFile.AssertExact(file, MailKitClient.SentBytes(message));
    }

    /// <summary>Message content (CRLF lines, some starting with '.') and its DATA form (dot-stuffed, no terminator).</summary>
    private static (byte[] Content, byte[] Wire) BuildMessage()
    {
        var content = new MemoryStream(MessageSize + 200);
        var wire = new MemoryStream(MessageSize + 200_000);
        void Line(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text + "\r\n");
            content.Write(bytes);
            if (bytes[0] == (byte)'.')
            {
                wire.WriteByte((byte)'.');
            }

            wire.Write(bytes);
        }

        Line("From: big@example.test");
        Line("To: user@localhost");
        Line("Subject: ten megabytes");
        Line("");
        for (var i = 0; content.Length < MessageSize; i++)
        {
            Line(i % 97 == 0
                ? $".{i:D8} a line that starts with a dot and must arrive with exactly one"
                : $"{i:D8} The quick brown fox jumps over the lazy dog 0123456789 abcdefghijklmnopqrstuvwxyz");
        }

        return (content.ToArray(), wire.ToArray());
    }

    private static async Task<long> WaitForTemporaryFileAsync(GatewayHost host, long atLeast)
    {
        var tmp = Path.Combine(host.Inbox, "tmp");
        var deadline = DateTime.UtcNow + GatewayHost.WaitLimit;
        long length = 0;
        while (DateTime.UtcNow < deadline)
        {
            length = 0;
            foreach (var file in Directory.GetFiles(tmp, "*.tmp"))
            {
                length = Math.Max(length, new FileInfo(file).Length);
            }

            if (length >= atLeast)
            {
                return length;
            }

            await Task.Delay(20);
        }

        return length;
    }
}
