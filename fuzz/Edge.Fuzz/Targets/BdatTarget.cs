// BdatTarget: fuzzes BdatFramer. Input layout: one control octet (bits 0-1: chunks - 1; bit 2: Normalize), then one octet per chunk size, then the stream the client sends.
// Invariants: exactly the announced octets are taken, never one more; the same outcome however the stream is split
// into calls and segments; content is the octets received (Reject) or their normalised form (Normalize), with the
// violations a naive model finds, line ends checked across chunk boundaries; normalised content relayed as DATA
// (stuffed, framed again) comes back with a final CRLF as its only change.
using System.Buffers;
using Edge.Protocol.Framing;

namespace Edge.Fuzz.Targets;

/// <summary>The <c>bdat</c> fuzz target.</summary>
public static class BdatTarget
{
    /// <summary>Runs every check on <paramref name="input"/>; throws on a broken invariant.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        int chunkCount = (input[0] & 3) + 1;
        if (input.Length < 1 + chunkCount)
        {
            return;
        }

        BareLineEndingHandling handling = (input[0] & 4) != 0 ? BareLineEndingHandling.Normalize : BareLineEndingHandling.Reject;
        long[] sizes = input[1..(1 + chunkCount)].ToArray().Select(b => (long)b).ToArray();
        ReadOnlySpan<byte> stream = input[(1 + chunkCount)..];

        string whole = Frame(stream, sizes, handling, []).ToString();
        foreach (int cut in FuzzInput.Cuts(stream))
        {
            FuzzInvariant.Equal(whole, Frame(stream, sizes, handling, [cut]).ToString(), $"BDAT ({handling}) read in two at {cut}");
        }

        if (stream.Length <= 4 * FuzzInput.AllCutsLimit)
        {
            int[] everyOctet = Enumerable.Range(1, Math.Max(0, stream.Length - 1)).ToArray();
            FuzzInvariant.Equal(whole, Frame(stream, sizes, handling, everyOctet).ToString(), $"BDAT ({handling}) one octet per read");
        }

        Result result = Frame(stream, sizes, handling, []);
        long announced = sizes.Sum();
        bool complete = stream.Length >= announced;
        FuzzInvariant.Equal(Math.Min(announced, stream.Length), result.Consumed, "BDAT takes exactly the announced octets");
        FuzzInvariant.Equal(complete ? chunkCount : CompleteChunks(sizes, stream.Length), result.ChunksCompleted, "chunks completed");

        ReadOnlySpan<byte> received = stream[..(int)result.Consumed];
        if (handling == BareLineEndingHandling.Reject)
        {
            FuzzInvariant.Equal(received, result.Content, "BDAT (Reject) content is the octets received");
        }

        if (complete)
        {
            FuzzInvariant.Equal(FramingChecks.Violations(received), result.Violations, $"BDAT ({handling}) violations");
            if (handling == BareLineEndingHandling.Normalize)
            {
                FuzzInvariant.Equal(FramingChecks.Normalize(received), result.Content, "BDAT (Normalize) content is the octets received, normalised");
                FramingChecks.AssertNoBareLineEnd(result.Content, "normalised BDAT content");
                CheckRelayAsData(result.Content);
            }
        }
    }

    // How many chunks are whole when only `available` octets of the stream arrived.
    private static int CompleteChunks(long[] sizes, long available)
    {
        int count = 0;
        long total = 0;
        foreach (long size in sizes)
        {
            total += size;
            if (total > available)
            {
                break;
            }

            count++;
        }

        return count;
    }

    // A BDAT message relayed to a backend as DATA: stuffed, framed again, the same content plus a final CRLF if missing.
    private static void CheckRelayAsData(byte[] content)
    {
        byte[] wire = FramingChecks.Stuff(content, []);
        FramingChecks.DataResult framed = FramingChecks.FrameData(wire, BareLineEndingHandling.Reject, []);
        byte[] expected = content.Length == 0 || content.AsSpan().EndsWith("\r\n"u8) ? content : [.. content, .. "\r\n"u8];
        FuzzInvariant.Equal(DataFramerStatus.EndOfData, framed.Status, "relayed BDAT content ends");
        FuzzInvariant.Equal((long)wire.Length, framed.Consumed, "relayed BDAT content ends at its terminator");
        FuzzInvariant.Equal(expected, framed.Content, "relayed BDAT content frames back to itself");
        FuzzInvariant.Equal(DataViolations.None, framed.Violations & FramingChecks.LineEndViolations, "relayed BDAT content is canonical");
    }

    // Feeds the stream in reads ending at cuts (each read a two-segment sequence); the chunks are begun in turn, as the
    // session does after each BDAT command. What a read holds beyond the current chunk is kept for the next chunk.
    private static Result Frame(ReadOnlySpan<byte> stream, long[] sizes, BareLineEndingHandling handling, int[] cuts)
    {
        var framer = new BdatFramer(handling);
        var content = new ArrayBufferWriter<byte>();
        int chunk = 0;
        int completed = 0;
        long consumed = 0;
        framer.BeginChunk(sizes[0], last: sizes.Length == 1);
        byte[] buffered = [];
        int start = 0;
        foreach (int cut in cuts.Append(stream.Length))
        {
            byte[] read = [.. buffered, .. stream[start..cut]];
            start = cut;
            var reader = new SequenceReader<byte>(FuzzInput.Split(read, read.Length / 2));
            while (chunk < sizes.Length)
            {
                long before = framer.Remaining;
                long position = reader.Consumed;
                BdatFramerStatus status = framer.Advance(ref reader, content);
                FuzzInvariant.Equal(before - framer.Remaining, reader.Consumed - position, "Remaining falls by what is taken");
                if (status == BdatFramerStatus.NeedMoreData)
                {
                    FuzzInvariant.That(reader.End, "NeedMoreData only when the read is used up");
                    break;
                }

                FuzzInvariant.Equal(0L, framer.Remaining, "a complete chunk has nothing remaining");
                completed++;
                if (++chunk < sizes.Length)
                {
                    framer.BeginChunk(sizes[chunk], last: chunk == sizes.Length - 1);
                }
            }

            consumed += reader.Consumed;
            buffered = reader.UnreadSequence.ToArray();
        }

        FuzzInvariant.Equal((long)content.WrittenCount, framer.ContentLength, "BdatFramer.ContentLength");
        return new Result(consumed, completed, content.WrittenSpan.ToArray(), framer.Violations);
    }

    private sealed record Result(long Consumed, int ChunksCompleted, byte[] Content, DataViolations Violations)
    {
        public override string ToString() => $"consumed={Consumed} chunks={ChunksCompleted} {Violations} content=[{FuzzInvariant.Escape(Content)}]";
    }
}
