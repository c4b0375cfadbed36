// BdatFramer (RFC 3030): exactly n octets per chunk whatever the segmentation, LAST, CR/LF across chunk boundaries,
// bare CR/LF flagged (and normalised on request). Each chunk is followed on the wire by the next command, which must
// stay unread; every case runs with each chunk split at every byte boundary and in 1-byte segments.
using System.Buffers;
using Edge.Protocol.Framing;
using static Edge.Protocol.Tests.Framing.FramingSegments;

namespace Edge.Protocol.Tests.Framing;

public class BdatFramerTests
{
    private const string NextCommand = "BDAT 10 LAST\r\n";

    [Fact]
    public void Advance_ChunksOverAnySplit_TakeExactOctetCounts()
    {
        BdatOutcome outcome = FrameBdat(BareLineEndingHandling.Reject, NextCommand,
            ("Subject: a\r\n\r\n", false), ("line one\r\n.\r\n", false), ("..dots stay\r\n", true));

        // No stuffing and no terminator in BDAT: "." lines are content.
        Assert.Equal("Subject: a\r\n\r\nline one\r\n.\r\n..dots stay\r\n", outcome.ContentText);
        Assert.Equal(DataViolations.None, outcome.Violations);
        Assert.Equal(outcome.Content.Length, outcome.ContentLength);
    }

    [Theory]
    [InlineData(BareLineEndingHandling.Reject)]
    [InlineData(BareLineEndingHandling.Normalize)]
    public void Advance_CrEndsChunkLfStartsNext_ProperCrlf(BareLineEndingHandling handling)
    {
        BdatOutcome outcome = FrameBdat(handling, NextCommand, ("abc\r", false), ("\ndef\r\n", true));

        Assert.Equal("abc\r\ndef\r\n", outcome.ContentText);
        Assert.Equal(DataViolations.None, outcome.Violations);
    }

    [Fact]
    public void Advance_CrEndsChunkOtherOctetNext_BareCrNormalised()
    {
        BdatOutcome outcome = FrameBdat(BareLineEndingHandling.Normalize, NextCommand, ("abc\r", false), ("def\r\n", true));

        Assert.Equal("abc\r\ndef\r\n", outcome.ContentText);
        Assert.Equal(DataViolations.BareCr, outcome.Violations);
        Assert.Equal(10, outcome.ContentLength);
    }

    [Theory]
    [InlineData(BareLineEndingHandling.Reject, "abc\r")]
    [InlineData(BareLineEndingHandling.Normalize, "abc\r\n")]
    public void Advance_CrEndsLastChunk_Bare(BareLineEndingHandling handling, string expected)
    {
        BdatOutcome outcome = FrameBdat(handling, NextCommand, ("abc\r", true));

        Assert.Equal(expected, outcome.ContentText);
        Assert.Equal(DataViolations.BareCr, outcome.Violations);
    }

    [Theory]
    [InlineData(BareLineEndingHandling.Reject, "a\nb\r\n.\n")]
    [InlineData(BareLineEndingHandling.Normalize, "a\r\nb\r\n.\r\n")]
    public void Advance_BareLf_Flagged(BareLineEndingHandling handling, string expected)
    {
        BdatOutcome outcome = FrameBdat(handling, NextCommand, ("a\nb\r", false), ("\n.\n", true));

        Assert.Equal(expected, outcome.ContentText);
        Assert.Equal(DataViolations.BareLf, outcome.Violations);
    }

    [Fact]
    public void Advance_ZeroLastChunk_CompletesAtOnce()
    {
        BdatOutcome outcome = FrameBdat(BareLineEndingHandling.Reject, NextCommand, ("hello\r\n", false), (string.Empty, true));

        Assert.Equal("hello\r\n", outcome.ContentText);
    }

    [Fact]
    public void Advance_ChunkLongerThanInput_NeedsMoreDataUntilWhole()
    {
        var framer = new BdatFramer(BareLineEndingHandling.Reject);
        var writer = new ArrayBufferWriter<byte>();
        framer.BeginChunk(10, last: true);

        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("12345")));
        Assert.Equal(BdatFramerStatus.NeedMoreData, framer.Advance(ref first, writer));
        Assert.Equal(5, framer.Remaining);

        var second = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("67890QUIT\r\n")));
        Assert.Equal(BdatFramerStatus.ChunkComplete, framer.Advance(ref second, writer));
        Assert.Equal(5, second.Consumed);
        Assert.Equal("1234567890", System.Text.Encoding.Latin1.GetString(writer.WrittenSpan));
        Assert.True(framer.IsLastChunk);
    }

    [Fact]
    public void Advance_NulAndLongLine_Reported()
    {
        string longLine = new('x', 999);
        BdatOutcome outcome = FrameBdat(BareLineEndingHandling.Reject, NextCommand, ("a\0\r\n" + longLine[..500], false), (longLine[500..] + "\r\n", true));

        Assert.Equal(DataViolations.Nul | DataViolations.LongLine, outcome.Violations);
    }

    [Fact]
    public void Reset_AfterMessage_ClearsCountsFlagsAndPendingCr()
    {
        var framer = new BdatFramer(BareLineEndingHandling.Normalize);
        framer.BeginChunk(4, last: false);
        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("a\nb\r")));
        Assert.Equal(BdatFramerStatus.ChunkComplete, framer.Advance(ref first, null));

        framer.Reset();
        framer.BeginChunk(3, last: true);
        var writer = new ArrayBufferWriter<byte>();
        var second = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("xy\n")));

        Assert.Equal(BdatFramerStatus.ChunkComplete, framer.Advance(ref second, writer));
        Assert.Equal("xy\r\n", System.Text.Encoding.Latin1.GetString(writer.WrittenSpan));
        Assert.Equal(DataViolations.BareLf, framer.Violations);
        Assert.Equal(4, framer.ContentLength);
    }

    [Fact]
    public void BeginChunk_NegativeSize_Throws()
    {
        var framer = new BdatFramer(BareLineEndingHandling.Reject);

        Assert.Throws<ArgumentOutOfRangeException>(() => framer.BeginChunk(-1, last: false));
    }
}
