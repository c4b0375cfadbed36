// BackendReplyTests: the backend reply parser: multi-line replies, split input, sanitised text, and the limits that
// keep a hostile backend from injecting lines or growing memory.
using System.Buffers;
using System.Text;
using Edge.Gateway.Relay;

namespace Edge.Gateway.Tests.Relay;

public sealed class BackendReplyTests
{
    [Fact]
    public void TryParse_MultiLineReply_ReEncodedWithLinesAndCode()
    {
        var reply = new BackendReply();
        var buffer = Sequence("250-backend.test\r\n250-PIPELINING\r\n250 SIZE 1000\r\nleft");

        Assert.Equal(ReplyParseStatus.Complete, reply.TryParse(ref buffer));

        Assert.Equal(250, reply.Code);
        Assert.Equal(3, reply.LineCount);
        Assert.Equal("PIPELINING", Encoding.ASCII.GetString(reply.Text(1)));
        Assert.Equal("250-backend.test\r\n250-PIPELINING\r\n250 SIZE 1000\r\n", Encoding.ASCII.GetString(reply.Encoded.Span));
        Assert.Equal("left", Encoding.ASCII.GetString(buffer.ToArray()));
    }

    [Fact]
    public void TryParse_SplitAtEveryByte_SameReply()
    {
        var wire = Encoding.ASCII.GetBytes("451-4.3.0 first\r\n451 4.3.0 second\r\n");
        for (var split = 1; split < wire.Length; split++)
        {
            var reply = new BackendReply();
            var first = new ReadOnlySequence<byte>(wire, 0, split);
            var status = reply.TryParse(ref first);
            var rest = new ReadOnlySequence<byte>([.. first.ToArray(), .. wire[split..]]);
            if (status == ReplyParseStatus.NeedMore)
            {
                status = reply.TryParse(ref rest);
            }

            Assert.Equal(ReplyParseStatus.Complete, status);
            Assert.Equal("451-4.3.0 first\r\n451 4.3.0 second\r\n", Encoding.ASCII.GetString(reply.Encoded.Span));
        }
    }

    [Fact]
    public void TryParse_ControlAndNonAsciiText_Sanitised()
    {
        var reply = new BackendReply();
        var buffer = new ReadOnlySequence<byte>([.. "550 5.1.1 bad\rinjected\u0001 "u8, 0xC3, 0xA9, .. "\r\n"u8]);

        Assert.Equal(ReplyParseStatus.Complete, reply.TryParse(ref buffer));

        Assert.Equal("550 5.1.1 bad?injected? ??\r\n", Encoding.ASCII.GetString(reply.Encoded.Span));
    }

    [Fact]
    public void TryParse_BareLfLines_ReEncodedWithCrLf()
    {
        var reply = new BackendReply();
        var buffer = Sequence("220-a\n220 b\n");

        Assert.Equal(ReplyParseStatus.Complete, reply.TryParse(ref buffer));

        Assert.Equal("220-a\r\n220 b\r\n", Encoding.ASCII.GetString(reply.Encoded.Span));
    }

    [Fact]
    public void TryParse_CodeOnly_Complete()
    {
        var reply = new BackendReply();
        var buffer = Sequence("354\r\n");

        Assert.Equal(ReplyParseStatus.Complete, reply.TryParse(ref buffer));

        Assert.Equal(354, reply.Code);
        Assert.Equal("354 \r\n", Encoding.ASCII.GetString(reply.Encoded.Span));
    }

    [Theory]
    [InlineData("250-a\r\n251 b\r\n")]
    [InlineData("25 short\r\n")]
    [InlineData("2x0 x\r\n")]
    [InlineData("650 x\r\n")]
    [InlineData("250_x\r\n")]
    [InlineData("hello\r\n")]
    public void TryParse_NotAReply_Malformed(string wire)
    {
        var reply = new BackendReply();
        var buffer = Sequence(wire);

        Assert.Equal(ReplyParseStatus.Malformed, reply.TryParse(ref buffer));
    }

    [Fact]
    public void TryParse_LineWithoutEnd_LineTooLongOnceOverLimit()
    {
        var reply = new BackendReply();
        var shortBuffer = Sequence("250 " + new string('a', 100));
        var longBuffer = Sequence("250 " + new string('a', BackendReply.MaxLineLength));

        Assert.Equal(ReplyParseStatus.NeedMore, reply.TryParse(ref shortBuffer));
        Assert.Equal(ReplyParseStatus.LineTooLong, reply.TryParse(ref longBuffer));
    }

    [Fact]
    public void TryParse_EndlessContinuation_TooManyLines()
    {
        var reply = new BackendReply();
        var buffer = Sequence(string.Concat(Enumerable.Repeat("250-x\r\n", BackendReply.MaxLines + 1)));

        Assert.Equal(ReplyParseStatus.TooManyLines, reply.TryParse(ref buffer));
    }

    [Fact]
    public void TryParse_LongText_CutTo512OctetLines()
    {
        var reply = new BackendReply();
        var buffer = Sequence("250 " + new string('a', 900) + "\r\n");

        Assert.Equal(ReplyParseStatus.Complete, reply.TryParse(ref buffer));

        Assert.Equal(512, reply.Encoded.Length);
    }

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.ASCII.GetBytes(text));
}
