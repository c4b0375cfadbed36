// CommandLineReader tests: every framing case runs on the whole input, on the input split at every byte
// boundary (fed chunk by chunk like a pipe), and on a sequence of one-byte segments read in one go.
using System.Buffers;
using System.Text;
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Tests.Parsing;

public class CommandLineReaderTests
{
    private const int Limit = SmtpLimits.DefaultCommandLineLength;

    [Fact]
    public void TryRead_SingleLine_ReturnsLineWithoutCrlf() =>
        AssertFramesAtEverySplit("NOOP\r\n", Limit, "LINE:NOOP");

    [Fact]
    public void TryRead_PipelinedLines_ReturnsEachLine() =>
        AssertFramesAtEverySplit(
            "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n", Limit, "LINE:MAIL FROM:<a@b>", "LINE:RCPT TO:<c@d>", "LINE:DATA");

    [Fact]
    public void TryRead_EmptyLine_ReturnsEmptyLine() =>
        AssertFramesAtEverySplit("\r\nQUIT\r\n", Limit, "LINE:", "LINE:QUIT");

    [Fact]
    public void TryRead_BareLf_StaysInsideLine() =>
        AssertFramesAtEverySplit("NOOP\nRSET\r\n", Limit, "LINE:NOOP\nRSET");

    [Fact]
    public void TryRead_BareCr_StaysInsideLine() =>
        AssertFramesAtEverySplit("NOOP\rRSET\r\nA\r\r\n", Limit, "LINE:NOOP\rRSET", "LINE:A\r");

    [Fact]
    public void TryRead_LfCr_IsNotALineEnd() =>
        AssertFramesAtEverySplit("A\n\rB\r\n", Limit, "LINE:A\n\rB");

    [Fact]
    public void TryRead_IncompleteLine_NeedsMoreDataAndStaysAtLineStart()
    {
        byte[] data = "NOOP\r\nMAIL FR"u8.ToArray();
        foreach (ReadOnlySequence<byte> sequence in new[] { TestSegments.Create(data), TestSegments.PerByte(data) })
        {
            var framer = new CommandLineReader();
            var reader = new SequenceReader<byte>(sequence);
            Assert.Equal(LineReadStatus.Line, framer.TryRead(ref reader, out _));
            Assert.Equal(LineReadStatus.NeedMoreData, framer.TryRead(ref reader, out ReadOnlySequence<byte> line));
            Assert.Equal(6, reader.Consumed);
            Assert.True(line.IsEmpty);
        }
    }

    [Fact]
    public void TryRead_LineExactlyAtLimit_IsALine()
    {
        string content = new('x', Limit - 2);
        AssertFramesAtEverySplit(content + "\r\nNOOP\r\n", Limit, "LINE:" + content, "LINE:NOOP");
    }

    [Fact]
    public void TryRead_LineOneOverLimit_IsTooLongThenNextLineIsRead()
    {
        string content = new('x', Limit - 1);
        AssertFramesAtEverySplit(content + "\r\nNOOP\r\n", Limit, "TOO-LONG", "LINE:NOOP");
    }

    [Fact]
    public void TryRead_OverLongLineWithCrAtLimitBoundary_SkipsToThatCrlf()
    {
        // The CR is the limit-th octet and the LF the one after it: the line is one octet too long.
        string content = new('x', Limit - 1);
        AssertFramesAtEverySplit(content + "\r\nRSET\r\n", Limit, "TOO-LONG", "LINE:RSET");
    }

    [Fact]
    public void TryRead_OverLongLineWithBareCrAndLf_SkipsToRealCrlf()
    {
        string content = new string('x', 100) + "\r" + new string('y', 100) + "\n" + new string('z', 100);
        AssertFramesAtEverySplit(content + "\r\nQUIT\r\n", 128, "TOO-LONG", "LINE:QUIT");
    }

    [Fact]
    public void TryRead_SmallLimit_AppliesThatLimit()
    {
        string fits = new('a', 62);
        string tooLong = new('b', 63);
        AssertFramesAtEverySplit(fits + "\r\n" + tooLong + "\r\nNOOP\r\n", 64, "LINE:" + fits, "TOO-LONG", "LINE:NOOP");
    }

    [Fact]
    public void TryRead_TwoOverLongLines_EachReportedOnce()
    {
        string content = new('x', 200);
        AssertFramesAtEverySplit(content + "\r\n" + content + "\r\nNOOP\r\n", 128, "TOO-LONG", "TOO-LONG", "LINE:NOOP");
    }

    [Theory]
    [InlineData(2_000, 1)]
    [InlineData(2_000, 7)]
    [InlineData(2_000, 512)]
    [InlineData(1_000_000, 4096)]
    [InlineData(1_000_000, 65_536)]
    public void TryRead_HugeLineInChunks_OneLineTooLongAndBoundedRetention(int length, int chunkSize)
    {
        var harness = new LineReaderHarness(Limit);
        byte[] chunk = Encoding.ASCII.GetBytes(new string('A', chunkSize));
        int sent = 0;
        while (sent < length)
        {
            int size = Math.Min(chunkSize, length - sent);
            harness.Feed(size == chunkSize ? chunk : chunk[..size]);
            sent += size;
            Assert.True(harness.MaxRetained <= Limit, $"retained {harness.MaxRetained} octets");
        }

        Assert.True(harness.IsSkipping);
        harness.Feed("\r"u8.ToArray());
        harness.Feed("\nNOOP\r\n"u8.ToArray());
        Assert.Equal(["TOO-LONG", "LINE:NOOP"], harness.Results);
        Assert.False(harness.IsSkipping);
        Assert.True(harness.MaxRetained <= Limit);
    }

    [Fact]
    public void TryRead_HugeLineInOneBuffer_ConsumesEverythingWhileSkipping()
    {
        byte[] data = Encoding.ASCII.GetBytes(new string('A', 1_000_000));
        var framer = new CommandLineReader();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        Assert.Equal(LineReadStatus.LineTooLong, framer.TryRead(ref reader, out _));
        Assert.True(reader.End);
        Assert.True(framer.IsSkipping);
        Assert.Equal(LineReadStatus.NeedMoreData, framer.TryRead(ref reader, out _));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(0)]
    [InlineData(2049)]
    public void Constructor_LimitOutOfRange_Throws(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CommandLineReader(limit));

    [Theory]
    [InlineData(64)]
    [InlineData(512)]
    [InlineData(2048)]
    public void Constructor_LimitInRange_IsKept(int limit) =>
        Assert.Equal(limit, new CommandLineReader(limit).MaxLineLength);

    [Fact]
    public void MaxLineLength_DefaultStruct_IsRfcDefault()
    {
        CommandLineReader framer = default;
        Assert.Equal(SmtpLimits.DefaultCommandLineLength, framer.MaxLineLength);
        Assert.False(framer.IsSkipping);
    }

    private static void AssertFramesAtEverySplit(string input, int limit, params string[] expected)
    {
        byte[] data = Encoding.ASCII.GetBytes(input);
        foreach (byte[][] chunks in TestSegments.EverySplit(data))
        {
            var harness = new LineReaderHarness(limit);
            foreach (byte[] chunk in chunks)
            {
                harness.Feed(chunk);
            }

            Assert.Equal(expected, harness.Results);
            Assert.True(harness.MaxRetained < limit, $"retained {harness.MaxRetained} with {chunks.Length} chunks");
        }

        // All segments present at once: lines still straddle every boundary.
        var framer = new CommandLineReader(limit);
        var reader = new SequenceReader<byte>(TestSegments.PerByte(data));
        var results = new List<string>();
        LineReadStatus status;
        while ((status = framer.TryRead(ref reader, out ReadOnlySequence<byte> line)) != LineReadStatus.NeedMoreData)
        {
            results.Add(status == LineReadStatus.Line ? "LINE:" + Encoding.Latin1.GetString(line.ToArray()) : "TOO-LONG");
        }

        Assert.Equal(expected, results);
        Assert.True(reader.End);
    }
}
