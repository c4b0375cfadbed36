// SmtpSinkTests: the sink over a raw socket: pipelined commands answered in order (with the EHLO keywords a backend
// behind Edge is expected to offer), DATA unstuffed and counted, unknown commands refused, QUIT closes.
using System.Net;
using System.Net.Sockets;
using System.Text;
using Edge.LoadTest.Sink;

namespace Edge.LoadTest.Tests.Sink;

public sealed class SmtpSinkTests
{
    [Fact]
    public async Task Session_PipelinedTransaction_RepliesInOrderAndCounts()
    {
        await using var sink = new SmtpSink(new IPEndPoint(IPAddress.Loopback, 0), verify: true);
        sink.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(sink.EndPoint);
        var stream = client.GetStream();

        await stream.WriteAsync("EHLO c\r\nXFORWARD NAME=x ADDR=1.2.3.4\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"u8.ToArray());
        string replies = await ReadUntilAsync(stream, "354 ");
        await stream.WriteAsync("Subject: t\r\n\r\n..dot\r\n.\r\nVRFY x\r\nQUIT\r\n"u8.ToArray());
        string rest = await ReadUntilAsync(stream, "221 ");

        Assert.StartsWith("220 ", replies, StringComparison.Ordinal);
        foreach (var keyword in new[] { "PIPELINING", "8BITMIME", "XFORWARD" })
        {
            Assert.Contains(keyword, replies, StringComparison.Ordinal);
        }

        Assert.Equal(3, CountOf(replies, "250 2.0.0 Ok\r\n")); // XFORWARD, MAIL, RCPT
        Assert.Contains("250 2.0.0 Ok: queued\r\n502 5.5.2", rest, StringComparison.Ordinal);
        var counts = sink.Counters.Snapshot();
        Assert.Equal(1, counts.Received);
        Assert.Equal(1, counts.WithoutHash);
        Assert.Equal("Subject: t\r\n\r\n.dot\r\n".Length, counts.Bytes);
        Assert.Equal(0, await stream.ReadAsync(new byte[16])); // closed after 221
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string lastLineStart)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!(text.ToString().Contains("\r\n" + lastLineStart, StringComparison.Ordinal) || text.ToString().StartsWith(lastLineStart, StringComparison.Ordinal))
               || !text.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            int n = await stream.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, n);
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return text.ToString();
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
