// TestSegments: builds multi-segment ReadOnlySequence<byte> values from chunks, and every way of splitting an
// input, so framing tests see lines that straddle segment boundaries exactly as a pipe delivers them.
using System.Buffers;

namespace Edge.Protocol.Tests.Parsing;

internal static class TestSegments
{
    /// <summary>One sequence whose segments are the given chunks (empty chunks become empty segments).</summary>
    public static ReadOnlySequence<byte> Create(params byte[][] chunks)
    {
        if (chunks.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(chunks[0], 0);
        Segment last = first;
        for (int i = 1; i < chunks.Length; i++)
        {
            last = last.Append(chunks[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>A sequence with one segment per byte.</summary>
    public static ReadOnlySequence<byte> PerByte(byte[] data)
    {
        var chunks = new byte[data.Length][];
        for (int i = 0; i < data.Length; i++)
        {
            chunks[i] = [data[i]];
        }

        return Create(chunks);
    }

    /// <summary>
    /// Every chunking to test: the whole input, the input split in two at every byte boundary, and one chunk per byte.
    /// </summary>
    public static IEnumerable<byte[][]> EverySplit(byte[] data)
    {
        yield return [data];
        for (int i = 1; i < data.Length; i++)
        {
            yield return [data[..i], data[i..]];
        }

        var perByte = new byte[data.Length][];
        for (int i = 0; i < data.Length; i++)
        {
            perByte[i] = [data[i]];
        }

        yield return perByte;
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
