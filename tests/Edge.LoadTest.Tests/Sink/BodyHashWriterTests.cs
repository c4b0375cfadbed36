// BodyHashWriterTests: the sink's body check over framed content: match, a changed body, no header, content arriving
// one octet at a time (every split point), and state reset between messages.
using Edge.LoadTest.Client;
using Edge.LoadTest.Sink;

namespace Edge.LoadTest.Tests.Sink;

public sealed class BodyHashWriterTests
{
    [Fact]
    public void Finish_BodyMatchesHeader_Match()
    {
        using var writer = new BodyHashWriter();

        Feed(writer, Content(withHash: true, out _), chunk: int.MaxValue);

        Assert.Equal(HashVerdict.Match, writer.Finish());
    }

    [Fact]
    public void Finish_OneBodyOctetChanged_Mismatch()
    {
        using var writer = new BodyHashWriter();
        var content = Content(withHash: true, out int bodyStart);
        content[bodyStart + 10] ^= 0x01;

        Feed(writer, content, chunk: int.MaxValue);

        Assert.Equal(HashVerdict.Mismatch, writer.Finish());
    }

    [Fact]
    public void Finish_NoHashHeader_NoHash()
    {
        using var writer = new BodyHashWriter();

        Feed(writer, Content(withHash: false, out _), chunk: int.MaxValue);

        Assert.Equal(HashVerdict.NoHash, writer.Finish());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Finish_ContentInSmallChunks_Match(int chunk)
    {
        using var writer = new BodyHashWriter();

        Feed(writer, Content(withHash: true, out _), chunk);

        Assert.Equal(HashVerdict.Match, writer.Finish());
    }

    [Fact]
    public void Finish_MismatchThenMatch_StateResetsBetweenMessages()
    {
        using var writer = new BodyHashWriter();
        var bad = Content(withHash: true, out int bodyStart);
        bad[bodyStart] ^= 0x01;

        Feed(writer, bad, chunk: 100);
        var first = writer.Finish();
        Feed(writer, Content(withHash: true, out _), chunk: 100);

        Assert.Equal(HashVerdict.Mismatch, first);
        Assert.Equal(HashVerdict.Match, writer.Finish());
    }

    [Fact]
    public void Finish_VerifyOff_CountsOctetsOnly()
    {
        using var writer = new BodyHashWriter { Verify = false };
        var content = Content(withHash: true, out _);

        Feed(writer, content, chunk: 333);

        Assert.Equal(content.Length, writer.Length);
        Assert.Equal(HashVerdict.NoHash, writer.Finish());
    }

    // The content a DATA framer hands over: the message without the terminating ".\r\n".
    private static byte[] Content(bool withHash, out int bodyStart)
    {
        var template = MessageTemplate.Create(3000, "a@x", "b@localhost", withHash);
        var buffer = template.NewBuffer();
        template.Stamp(buffer, 7);
        bodyStart = buffer.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        return buffer[..^3];
    }

    private static void Feed(BodyHashWriter writer, byte[] content, int chunk)
    {
        for (int i = 0; i < content.Length; i += chunk)
        {
            int n = Math.Min(chunk, content.Length - i);
            content.AsSpan(i, n).CopyTo(writer.GetSpan(n));
            writer.Advance(n);
        }
    }
}
