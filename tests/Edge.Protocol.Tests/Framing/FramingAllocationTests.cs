// The framing codecs allocate nothing per call: a 1 MiB message in 4 KiB segments is framed, stuffed and
// BDAT-chunked repeatedly into a pre-sized reusable writer, and the thread's allocated bytes must not move.
using System.Buffers;
using Edge.Protocol.Framing;
using static Edge.Protocol.Tests.Framing.FramingSegments;

namespace Edge.Protocol.Tests.Framing;

public class FramingAllocationTests
{
    private const int MessageSize = 1 << 20;
    private const int SegmentSize = 4096;

    [Fact]
    public void Advance_OneMebibyteIn4KiBSegments_AllocatesNothing()
    {
        byte[] body = MakeBody(out int stuffedLines);
        byte[] dataInput = [.. body, .. ".\r\n"u8];
        ReadOnlySequence<byte> data = Split(dataInput, Cuts(dataInput.Length));
        ReadOnlySequence<byte> bdat = Split(body, Cuts(body.Length));
        var writer = new ArrayBufferWriter<byte>(4 * MessageSize);
        var dataFramer = new DataFramer(BareLineEndingHandling.Normalize);
        var bdatFramer = new BdatFramer(BareLineEndingHandling.Normalize);
        var stuffer = new DotStuffer();

        long before = 0;
        bool allEnded = true;
        for (int round = 0; round < 5; round++)
        {
            if (round == 2)
            {
                before = GC.GetAllocatedBytesForCurrentThread(); // after warm-up (JIT, tiering)
            }

            writer.ResetWrittenCount();
            dataFramer.Reset();
            var reader = new SequenceReader<byte>(data);
            allEnded &= dataFramer.Advance(ref reader, writer) == DataFramerStatus.EndOfData; // no Assert here: it allocates

            writer.ResetWrittenCount();
            stuffer.Reset();
            stuffer.Write(bdat, writer);
            stuffer.Complete(writer);

            writer.ResetWrittenCount();
            bdatFramer.Reset();
            bdatFramer.BeginChunk(body.Length, last: true);
            var bdatReader = new SequenceReader<byte>(bdat);
            allEnded &= bdatFramer.Advance(ref bdatReader, writer) == BdatFramerStatus.ChunkComplete;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(allEnded);
        Assert.Equal(body.Length - stuffedLines, dataFramer.ContentLength);
        Assert.Equal(body.Length, bdatFramer.ContentLength);
        Assert.Equal(DataViolations.None, dataFramer.Violations);
    }

    // Ordinary ~70-octet lines, one in ten dot-stuffed, ending with CRLF, exactly MessageSize octets.
    private static byte[] MakeBody(out int stuffedLines)
    {
        stuffedLines = 0;
        byte[] body = new byte[MessageSize];
        for (int i = 0; i < body.Length; i++)
        {
            body[i] = (byte)('a' + (i % 26));
        }

        for (int lineStart = 0, n = 0; lineStart + 72 <= body.Length; lineStart += 72, n++)
        {
            body[lineStart + 70] = (byte)'\r';
            body[lineStart + 71] = (byte)'\n';
            if (n % 10 == 0)
            {
                body[lineStart] = (byte)'.';
                body[lineStart + 1] = (byte)'.';
                stuffedLines++;
            }
        }

        body[^2] = (byte)'\r';
        body[^1] = (byte)'\n';
        return body;
    }

    private static int[] Cuts(int length) => Enumerable.Range(1, (length - 1) / SegmentSize).Select(i => i * SegmentSize).ToArray();
}
