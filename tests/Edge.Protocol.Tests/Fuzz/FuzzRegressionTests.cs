// What the fuzzing runs found, pinned as named tests (the raw inputs are in fuzz/regressions and replayed by
// FuzzInputTests). The first data run saved long runs of bare CRs and bare LFs as hangs: the harness was quadratic
// there (it escaped the content at every line end); the framer was not. These pin the framer's answer for them.
using System.Buffers;
using Edge.Protocol.Framing;

namespace Edge.Protocol.Tests.Fuzz;

public class FuzzRegressionTests
{
    [Theory]
    [InlineData((byte)'\r', DataViolations.BareCr)]
    [InlineData((byte)'\n', DataViolations.BareLf)]
    public void Advance_LongRunOfBareLineEnds_NormalizesEachToCrlf(byte lineEnd, DataViolations expected)
    {
        const int Count = 30_000;
        byte[] input = [.. Enumerable.Repeat(lineEnd, Count), .. "\r\n.\r\n"u8];
        var framer = new DataFramer(BareLineEndingHandling.Normalize);
        var content = new ArrayBufferWriter<byte>();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input));

        Assert.Equal(DataFramerStatus.EndOfData, framer.Advance(ref reader, content));

        // Each bare line end becomes CRLF; the CRLF before the final "." is content too.
        byte[] expectedContent = [.. Enumerable.Range(0, Count + 1).SelectMany(_ => "\r\n"u8.ToArray())];
        Assert.Equal(input.Length, reader.Consumed);
        Assert.Equal(expectedContent, content.WrittenSpan.ToArray());
        Assert.Equal(expected, framer.Violations);
    }
}
