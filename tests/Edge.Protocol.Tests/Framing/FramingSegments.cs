// FramingSegments: runs a framing input in every shape a pipe can deliver it in — one span, split at every byte
// boundary as a multi-segment ReadOnlySequence, as successive Advance/Write calls, in 1-byte segments and 1-byte calls,
// with an empty segment — and asserts every shape gives the same content, flags, counts and stopping point.
using System.Buffers;
using System.Text;
using Edge.Protocol.Framing;

namespace Edge.Protocol.Tests.Framing;

internal static class FramingSegments
{
    /// <summary>The outcome of framing one DATA input.</summary>
    internal sealed record DataOutcome(DataFramerStatus Status, long Consumed, byte[] Content, DataViolations Violations, long ContentLength)
    {
        public string ContentText => Encoding.Latin1.GetString(Content);

        public override string ToString() =>
            $"{Status} consumed={Consumed} {Violations} length={ContentLength} content=[{Escape(Content)}]";
    }

    /// <summary>The outcome of framing one BDAT message.</summary>
    internal sealed record BdatOutcome(byte[] Content, DataViolations Violations, long ContentLength)
    {
        public string ContentText => Encoding.Latin1.GetString(Content);

        public override string ToString() => $"{Violations} length={ContentLength} content=[{Escape(Content)}]";
    }

    public static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    public static string Escape(ReadOnlySpan<byte> bytes) =>
        Encoding.Latin1.GetString(bytes).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    /// <summary>A sequence whose segments end at <paramref name="cuts"/> (ascending; repeated cuts make empty segments).</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        Segment? first = null;
        Segment? last = null;
        int start = 0;
        foreach (int cut in cuts.Append(data.Length))
        {
            var memory = new ReadOnlyMemory<byte>(data, start, cut - start);
            last = last is null ? (first = new Segment(memory, 0)) : last.Append(memory);
            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    public static ReadOnlySequence<byte> OneByteSegments(byte[] data) =>
        data.Length < 2 ? new ReadOnlySequence<byte>(data) : Split(data, Enumerable.Range(1, data.Length - 1).ToArray());

    /// <summary>Every delivery shape: a name and the pieces handed to successive calls.</summary>
    public static IEnumerable<(string Name, ReadOnlySequence<byte>[] Calls)> Shapes(byte[] data)
    {
        yield return ("one span", [new ReadOnlySequence<byte>(data)]);
        for (int k = 1; k < data.Length; k++)
        {
            yield return ($"segments split at {k}", [Split(data, k)]);
            yield return ($"calls split at {k}", [new ReadOnlySequence<byte>(data, 0, k), new ReadOnlySequence<byte>(data, k, data.Length - k)]);
        }

        if (data.Length > 1)
        {
            yield return ("empty segment", [Split(data, data.Length / 2, data.Length / 2)]);
            yield return ("1-byte segments", [OneByteSegments(data)]);
            yield return ("1-byte calls", data.Select((_, i) => new ReadOnlySequence<byte>(data, i, 1)).ToArray());
        }
    }

    /// <summary>Frames <paramref name="input"/> as DATA in every shape; asserts they agree and returns the outcome.</summary>
    public static DataOutcome FrameData(byte[] input, BareLineEndingHandling handling)
    {
        DataOutcome? expected = null;
        foreach ((string name, ReadOnlySequence<byte>[] calls) in Shapes(input))
        {
            DataOutcome actual = FrameDataOnce(calls, handling, new ArrayBufferWriter<byte>());
            expected ??= actual;
            Assert.True(expected == actual || expected.ToString() == actual.ToString(), $"{name}: expected {expected} but got {actual}");

            // Counting without a content writer gives the same answers.
            DataOutcome counted = FrameDataOnce(calls, handling, null);
            Assert.Equal((expected.Status, expected.Consumed, expected.Violations, expected.ContentLength), (counted.Status, counted.Consumed, counted.Violations, counted.ContentLength));
        }

        return expected!;
    }

    public static DataOutcome FrameDataOnce(ReadOnlySequence<byte>[] calls, BareLineEndingHandling handling, ArrayBufferWriter<byte>? writer)
    {
        var framer = new DataFramer(handling);
        long consumed = 0;
        DataFramerStatus status = DataFramerStatus.NeedMoreData;
        foreach (ReadOnlySequence<byte> piece in calls)
        {
            var reader = new SequenceReader<byte>(piece);
            status = framer.Advance(ref reader, writer);
            consumed += reader.Consumed;
            if (status == DataFramerStatus.EndOfData)
            {
                break;
            }

            Assert.True(reader.End, "NeedMoreData must consume all input");
        }

        byte[] content = writer?.WrittenSpan.ToArray() ?? [];
        if (writer is not null)
        {
            Assert.Equal(writer.WrittenCount, framer.ContentLength);
        }

        return new DataOutcome(status, consumed, content, framer.Violations, framer.ContentLength);
    }

    /// <summary>
    /// Frames a BDAT message: each chunk's octets are followed on the wire by <paramref name="trailer"/> (the next
    /// command), which must be left unread. Each chunk is delivered in every shape; all shapes must agree.
    /// </summary>
    public static BdatOutcome FrameBdat(BareLineEndingHandling handling, string trailer, params (string Data, bool Last)[] chunks)
    {
        byte[][] wire = chunks.Select(c => Bytes(c.Data + trailer)).ToArray();
        int longest = wire.Max(w => w.Length);
        BdatOutcome? expected = null;
        for (int k = 0; k <= longest + 1; k++)
        {
            // k == 0: one span; k == longest + 1: 1-byte segments; otherwise split every chunk at k (where it fits).
            var framer = new BdatFramer(handling);
            var writer = new ArrayBufferWriter<byte>();
            for (int c = 0; c < chunks.Length; c++)
            {
                byte[] data = wire[c];
                ReadOnlySequence<byte> sequence = k == 0 ? new ReadOnlySequence<byte>(data)
                    : k > longest ? OneByteSegments(data)
                    : k < data.Length ? Split(data, k) : new ReadOnlySequence<byte>(data);
                int size = Encoding.Latin1.GetByteCount(chunks[c].Data);
                framer.BeginChunk(size, chunks[c].Last);
                Assert.Equal(size, framer.Remaining);
                Assert.Equal(chunks[c].Last, framer.IsLastChunk);
                var reader = new SequenceReader<byte>(sequence);
                Assert.Equal(BdatFramerStatus.ChunkComplete, framer.Advance(ref reader, writer));
                Assert.Equal(size, reader.Consumed);
                Assert.Equal(0, framer.Remaining);
            }

            Assert.Equal(writer.WrittenCount, framer.ContentLength);
            var actual = new BdatOutcome(writer.WrittenSpan.ToArray(), framer.Violations, framer.ContentLength);
            expected ??= actual;
            Assert.True(expected.ToString() == actual.ToString(), $"split {k}: expected {expected} but got {actual}");
        }

        return expected!;
    }

    /// <summary>Stuffs <paramref name="content"/> in every shape (span calls and sequences); asserts they agree.</summary>
    public static byte[] Stuff(byte[] content)
    {
        byte[]? expected = null;
        foreach ((string name, ReadOnlySequence<byte>[] calls) in Shapes(content))
        {
            foreach (bool asSpans in new[] { true, false })
            {
                var stuffer = new DotStuffer();
                var writer = new ArrayBufferWriter<byte>();
                foreach (ReadOnlySequence<byte> piece in calls)
                {
                    if (asSpans)
                    {
                        foreach (ReadOnlyMemory<byte> segment in piece)
                        {
                            stuffer.Write(segment.Span, writer);
                        }
                    }
                    else
                    {
                        stuffer.Write(piece, writer);
                    }
                }

                stuffer.Complete(writer);
                Assert.Equal(writer.WrittenCount, stuffer.BytesWritten);
                byte[] actual = writer.WrittenSpan.ToArray();
                expected ??= actual;
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{name}: expected [{Escape(expected)}] but got [{Escape(actual)}]");
            }
        }

        return expected ?? [];
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
