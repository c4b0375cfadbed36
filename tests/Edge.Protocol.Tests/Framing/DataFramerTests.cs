// DataFramer: dot-unstuffing, end only at CRLF.CRLF, counts, flags and Reset. Every case runs in every delivery shape
// (FramingSegments): one span, split at each byte boundary as segments and as calls, 1-byte segments and calls.
using System.Buffers;
using Edge.Protocol.Framing;
using static Edge.Protocol.Tests.Framing.FramingSegments;

namespace Edge.Protocol.Tests.Framing;

public class DataFramerTests
{
    [Theory]
    [InlineData(BareLineEndingHandling.Reject)]
    [InlineData(BareLineEndingHandling.Normalize)]
    public void Advance_PlainMessage_EndsAtTerminatorAndKeepsCrlfBeforeDot(BareLineEndingHandling handling)
    {
        DataOutcome outcome = FrameData(Bytes("Subject: hi\r\n\r\nHello\r\n.\r\n"), handling);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal("Subject: hi\r\n\r\nHello\r\n", outcome.ContentText);
        Assert.Equal(DataViolations.None, outcome.Violations);
        Assert.Equal(outcome.Content.Length, outcome.ContentLength);
    }

    [Fact]
    public void Advance_DotStuffedLines_LoseOneLeadingDot()
    {
        DataOutcome outcome = FrameData(Bytes("..\r\n...\r\n.x\r\na.b\r\n..x.\r\n.\r\n"), BareLineEndingHandling.Reject);

        Assert.Equal(".\r\n..\r\nx\r\na.b\r\n.x.\r\n", outcome.ContentText);
        Assert.Equal(DataViolations.None, outcome.Violations);
    }

    [Fact]
    public void Advance_InputStartsWithTerminator_EmptyMessage()
    {
        // The CRLF ending the DATA command line is the CRLF before this dot: the framer starts at a line start.
        DataOutcome outcome = FrameData(Bytes(".\r\n"), BareLineEndingHandling.Reject);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(3, outcome.Consumed);
        Assert.Empty(outcome.Content);
        Assert.Equal(0, outcome.ContentLength);
    }

    [Fact]
    public void Advance_BytesAfterTerminator_LeftUnread()
    {
        byte[] input = Bytes("a\r\n.\r\nQUIT\r\n");

        DataOutcome outcome = FrameData(input, BareLineEndingHandling.Reject);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(input.Length - "QUIT\r\n".Length, outcome.Consumed);
        Assert.Equal("a\r\n", outcome.ContentText);
    }

    [Theory]
    [InlineData("abc.\r\nmore")]          // a dot not at a line start
    [InlineData("abc\r\n. \r\nmore")]     // a dot line with more on it
    [InlineData("abc\r\n.\r")]            // CRLF . CR without its LF yet
    [InlineData("abc\r\n.")]
    [InlineData("abc\r\n")]
    public void Advance_NoTerminatorYet_NeedsMoreDataAndConsumesAll(string text)
    {
        byte[] input = Bytes(text);

        DataOutcome outcome = FrameData(input, BareLineEndingHandling.Reject);

        Assert.Equal(DataFramerStatus.NeedMoreData, outcome.Status);
        Assert.Equal(input.Length, outcome.Consumed);
    }

    [Fact]
    public void Advance_ContentNotEndingWithCrlf_CannotBeTerminated()
    {
        // In DATA the terminator is CRLF "." CRLF and its first CRLF is content: a message whose last line lacks a CRLF
        // cannot be expressed. "abc.\r\n" is not an end (the dot is not at a line start), so the content of an ended
        // message is always empty or ends with CRLF. (BDAT can carry such a message; DotStuffer.Complete adds the CRLF.)
        DataOutcome unterminated = FrameData(Bytes("abc.\r\n"), BareLineEndingHandling.Reject);
        DataOutcome terminated = FrameData(Bytes("abc\r\n.\r\n"), BareLineEndingHandling.Reject);

        Assert.Equal(DataFramerStatus.NeedMoreData, unterminated.Status);
        Assert.Equal(DataFramerStatus.EndOfData, terminated.Status);
        Assert.EndsWith("\r\n", terminated.ContentText, StringComparison.Ordinal);
    }

    [Fact]
    public void Advance_Nul_ReportedAndKept()
    {
        DataOutcome outcome = FrameData(Bytes("a\0b\r\n.\r\n"), BareLineEndingHandling.Normalize);

        Assert.Equal(DataViolations.Nul, outcome.Violations);
        Assert.Equal("a\0b\r\n", outcome.ContentText);
    }

    [Theory]
    [InlineData(998, DataViolations.None)]
    [InlineData(999, DataViolations.LongLine)]
    public void Advance_LineLength_ReportsOver998Octets(int length, DataViolations expected)
    {
        var framer = new DataFramer(BareLineEndingHandling.Reject);
        byte[] input = Bytes("." + new string('x', length) + "\r\nshort\r\n.\r\n"); // the stuffing dot does not count
        foreach (int cut in new[] { 0, 1, 500, 999, input.Length - 4 })
        {
            framer.Reset();
            var reader = new SequenceReader<byte>(cut == 0 ? new ReadOnlySequence<byte>(input) : Split(input, cut));

            Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref reader, null));
            Assert.Equal(expected, framer.Violations);
        }
    }

    [Fact]
    public void Advance_UnterminatedLongLine_ReportedBeforeItEnds()
    {
        var framer = new DataFramer(BareLineEndingHandling.Reject);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[5000]));

        Assert.Equal(DataFramerStatus.NeedMoreData, framer.Advance(ref reader, null));
        Assert.Equal(DataViolations.LongLine | DataViolations.Nul, framer.Violations);
    }

    [Fact]
    public void ContentLength_CountsUnstuffedAndNormalisedOctets()
    {
        // "..a" -> ".a" (2), "\n" -> "\r\n" (2), "b\r\n" (3)
        DataOutcome outcome = FrameData(Bytes("..a\nb\r\n.\r\n"), BareLineEndingHandling.Normalize);

        Assert.Equal(".a\r\nb\r\n", outcome.ContentText);
        Assert.Equal(7, outcome.ContentLength);
    }

    [Fact]
    public void Advance_AfterEndOfData_ConsumesNothingMore()
    {
        var framer = new DataFramer(BareLineEndingHandling.Reject);
        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("a\r\n.\r\n")));
        Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref first, null));

        var second = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("MAIL FROM:<a@b>\r\n")));

        Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref second, null));
        Assert.Equal(0, second.Consumed);
        Assert.True(framer.IsComplete);
    }

    [Fact]
    public void Reset_AfterMessageWithViolations_StartsCleanAtLineStart()
    {
        var framer = new DataFramer(BareLineEndingHandling.Normalize);
        var writer = new ArrayBufferWriter<byte>();
        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("bad\nline\r\n.\r\n")));
        Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref first, writer));
        Assert.Equal(DataViolations.BareLf, framer.Violations);

        framer.Reset();
        writer.ResetWrittenCount();
        var second = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes(".\r\n")));

        Assert.False(framer.IsComplete);
        Assert.Equal(0, framer.ContentLength);
        Assert.Equal(DataViolations.None, framer.Violations);
        Assert.Equal(BareLineEndingHandling.Normalize, framer.Handling);
        Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref second, writer));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    public void Advance_ResetMidLine_ForgetsPendingState()
    {
        var framer = new DataFramer(BareLineEndingHandling.Reject);
        var first = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("abc\r")));
        Assert.Equal(DataFramerStatus.NeedMoreData, framer.Advance(ref first, null));

        framer.Reset();
        var second = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes("\n.\r\n")));

        // A pending CR would make this "\r\n.\r\n"; after Reset it is a bare LF then a bare "." line.
        Assert.Equal(DataFramerStatus.NeedMoreData, framer.Advance(ref second, null));
        Assert.Equal(DataViolations.BareLf | DataViolations.SmugglingShape, framer.Violations);
    }

    [Fact]
    public void Default_ActsAsRejectAtLineStart()
    {
        var framer = default(DataFramer);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Bytes(".\r\n")));

        Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref reader, null));
        Assert.Equal(BareLineEndingHandling.Reject, framer.Handling);
    }
}
