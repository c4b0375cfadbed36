using System.Buffers;
using System.Text;
using Edge.Protocol.Replies;

namespace Edge.Protocol.Tests.Replies;

public class SmtpReplyTests
{
    [Fact]
    public void Create_SingleLine_EncodedWithStatusAndCrlf()
    {
        var reply = SmtpReply.Create(550, "5.7.1", "Relaying denied");
        Assert.Equal("550 5.7.1 Relaying denied\r\n", reply.ToString());
        Assert.Equal(5, reply.Class);
        Assert.True(reply.IsError);
    }

    [Fact]
    public void Create_MultiLine_DashUntilLast()
    {
        var reply = SmtpReply.Create(250, "2.0.0", "one\ntwo\nthree");
        Assert.Equal("250-2.0.0 one\r\n250-2.0.0 two\r\n250 2.0.0 three\r\n", reply.ToString());
    }

    [Theory]
    [InlineData(550, "4.7.1")]
    [InlineData(250, "2.x.0")]
    [InlineData(250, "2.0")]
    [InlineData(451, "4.1234.0")]
    public void Create_BadEnhancedStatus_Throws(int code, string status)
    {
        Assert.Throws<ArgumentException>(() => SmtpReply.Create(code, status, "x"));
    }

    [Fact]
    public void Create_TextWithCr_Throws()
    {
        Assert.Throws<ArgumentException>(() => SmtpReply.Create(250, null, "a\rb"));
    }

    [Fact]
    public void AllConstants_AreWellFormedReplies()
    {
        foreach (var field in typeof(SmtpReplies).GetFields())
        {
            var reply = (SmtpReply)field.GetValue(null)!;
            var text = reply.ToString();
            Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
            Assert.Equal(reply.Code.ToString(System.Globalization.CultureInfo.InvariantCulture), text[..3]);
            if (reply.IsError)
            {
                Assert.NotNull(reply.EnhancedStatus);
            }
        }
    }

    [Fact]
    public void ReplyWriter_WriteLineAndChunkAccepted()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ReplyWriter.WriteLine(buffer, 250, "2.0.0"u8, "Ok: queued as ABC"u8);
        ReplyWriter.WriteLine(buffer, 451, "4.4.1"u8, "later"u8, last: false);
        ReplyWriter.WriteChunkAccepted(buffer, 123456);
        Assert.Equal("250 2.0.0 Ok: queued as ABC\r\n451-4.4.1 later\r\n250 2.0.0 123456 octets received\r\n", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void SanitizeText_ReplacesControlAndEightBit()
    {
        var text = "ok\r\n250 injected\u0001\u00e9"u8.ToArray();
        ReplyWriter.SanitizeText(text);
        Assert.DoesNotContain((byte)'\r', text);
        Assert.DoesNotContain((byte)'\n', text);
        Assert.All(text, b => Assert.InRange(b, (byte)0x20, (byte)0x7E));
    }

    [Fact]
    public void Greeting_NoSoftwareName()
    {
        Assert.Equal("220 mx.example.com ESMTP\r\n", ServerReplies.Greeting("mx.example.com").ToString());
    }
}
