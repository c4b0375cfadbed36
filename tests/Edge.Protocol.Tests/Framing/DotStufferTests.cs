// DotStuffer: stuffing, bare CR/LF normalisation, a CR split across calls, and Complete. Every case runs with the
// content split at every byte boundary, as span calls and as multi-segment sequences (FramingSegments.Stuff).
using System.Buffers;
using System.Text;
using Edge.Protocol.Framing;
using static Edge.Protocol.Tests.Framing.FramingSegments;

namespace Edge.Protocol.Tests.Framing;

public class DotStufferTests
{
    [Theory]
    [InlineData("", ".\r\n")]
    [InlineData("a\r\n", "a\r\n.\r\n")]
    [InlineData(".\r\n", "..\r\n.\r\n")]
    [InlineData(".a\r\n..b\r\nc.d\r\n", "..a\r\n...b\r\nc.d\r\n.\r\n")]
    [InlineData("x\r\n.", "x\r\n..\r\n.\r\n")]
    public void Write_LinesStartingWithDot_GetOneMoreDot(string content, string expected)
    {
        Assert.Equal(expected, Encoding.Latin1.GetString(Stuff(Bytes(content))));
    }

    [Theory]
    [InlineData("a\nb", "a\r\nb\r\n.\r\n")]
    [InlineData("a\rb", "a\r\nb\r\n.\r\n")]
    [InlineData("a\n.\nb\r\n", "a\r\n..\r\nb\r\n.\r\n")]
    [InlineData("a\r.\r\n", "a\r\n..\r\n.\r\n")]
    [InlineData("\n\r", "\r\n\r\n.\r\n")]
    [InlineData("a\r\r\n", "a\r\n\r\n.\r\n")]
    public void Write_BareCrOrLf_BecomesCrlf(string content, string expected)
    {
        Assert.Equal(expected, Encoding.Latin1.GetString(Stuff(Bytes(content))));
    }

    [Fact]
    public void Write_CrEndsOneCallLfStartsNext_OneCrlf()
    {
        var stuffer = new DotStuffer();
        var writer = new ArrayBufferWriter<byte>();

        stuffer.Write("a\r"u8, writer);
        stuffer.Write("\n.b"u8, writer);
        stuffer.Complete(writer);

        Assert.Equal("a\r\n..b\r\n.\r\n", Encoding.Latin1.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Write_CrEndsOneCallOtherOctetNext_CrBecomesCrlf()
    {
        var stuffer = new DotStuffer();
        var writer = new ArrayBufferWriter<byte>();

        stuffer.Write("a\r"u8, writer);
        stuffer.Write(".\r"u8, writer);
        stuffer.Complete(writer);

        Assert.Equal("a\r\n..\r\n.\r\n", Encoding.Latin1.GetString(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("abc", "abc\r\n.\r\n")]
    [InlineData("abc\r\n", "abc\r\n.\r\n")]
    [InlineData("abc\r", "abc\r\n.\r\n")]
    [InlineData("", ".\r\n")]
    public void Complete_AddsCrlfOnlyWhenMissing(string content, string expected)
    {
        var stuffer = new DotStuffer();
        var writer = new ArrayBufferWriter<byte>();

        stuffer.Write(Bytes(content), writer);
        stuffer.Complete(writer);

        Assert.Equal(expected, Encoding.Latin1.GetString(writer.WrittenSpan));
        Assert.Equal(expected.Length, stuffer.BytesWritten);
    }

    [Fact]
    public void Reset_AfterMidLine_StartsAtLineStartWithZeroCount()
    {
        var stuffer = new DotStuffer();
        var writer = new ArrayBufferWriter<byte>();
        stuffer.Write("abc"u8, writer);

        stuffer.Reset();
        writer.ResetWrittenCount();
        stuffer.Write(".x\r\n"u8, writer);

        Assert.Equal("..x\r\n", Encoding.Latin1.GetString(writer.WrittenSpan));
        Assert.Equal(5, stuffer.BytesWritten);
    }

    [Fact]
    public void Write_SmallWriterBuffers_ContentSplitAcrossBuffers()
    {
        byte[] content = Bytes(string.Concat(Enumerable.Repeat(".line of text\r\n", 400)));
        var stuffer = new DotStuffer();
        var writer = new TinyBufferWriter();

        stuffer.Write(content, writer);
        stuffer.Complete(writer);

        Assert.Equal(string.Concat(Enumerable.Repeat("..line of text\r\n", 400)) + ".\r\n", Encoding.Latin1.GetString(writer.Written.ToArray()));
    }

    // Hands out 7-octet buffers, to check that runs longer than the writer's buffer are copied in pieces.
    private sealed class TinyBufferWriter : IBufferWriter<byte>
    {
        private readonly byte[] _buffer = new byte[7];

        public List<byte> Written { get; } = [];

        public void Advance(int count) => Written.AddRange(_buffer.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer;

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer;
    }
}
