// FuzzInput: the shapes one fuzz input is delivered in. A pipe hands a parser its bytes in arbitrary segments and
// arbitrary read calls; every target checks that each shape gives the same result as the whole input at once.
using System.Buffers;

namespace Edge.Fuzz.Targets;

/// <summary>Split points and multi-segment sequences for fuzz inputs.</summary>
public static class FuzzInput
{
    /// <summary>Inputs up to this length are also checked at every split point (cost grows with the square).</summary>
    public const int AllCutsLimit = 64;

    /// <summary>
    /// Where to split <paramref name="length"/> octets: every point for short inputs, otherwise the ends, the middle
    /// and one point chosen by the input's last octet (so the fuzzer can steer it).
    /// </summary>
    public static int[] Cuts(ReadOnlySpan<byte> input)
    {
        int length = input.Length;
        if (length <= AllCutsLimit)
        {
            return Enumerable.Range(0, length + 1).ToArray();
        }

        int steered = input[^1] * 257 % (length + 1);
        return new[] { 1, 2, length / 2, length - 2, length - 1, steered }.Distinct().ToArray();
    }

    /// <summary>A sequence whose segments end at <paramref name="cuts"/> (ascending; equal cuts make empty segments).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        Segment? first = null;
        Segment? last = null;
        int start = 0;
        foreach (int cut in cuts.Append(data.Length))
        {
            ReadOnlyMemory<byte> memory = data[start..cut].ToArray();
            last = last is null ? (first = new Segment(memory, 0)) : last.Append(memory);
            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
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
