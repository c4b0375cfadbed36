// FramingChecks: what the DATA and BDAT targets share: a canonical-content check, a naive normaliser, and running
// DotStuffer and DataFramer over a byte string in one or several calls.
using System.Buffers;
using Edge.Protocol.Framing;

namespace Edge.Fuzz.Targets;

/// <summary>Helpers and reference models for the framing targets.</summary>
public static class FramingChecks
{
    /// <summary>Violations that mean "not canonical": the ones normalising content must make disappear.</summary>
    public const DataViolations LineEndViolations = DataViolations.BareCr | DataViolations.BareLf | DataViolations.SmugglingShape;

    /// <summary>The terminator as it appears after the DATA command's CRLF.</summary>
    public static ReadOnlySpan<byte> Terminator => "\r\n.\r\n"u8;

    /// <summary>Throws unless every CR is followed by LF and every LF preceded by CR.</summary>
    public static void AssertNoBareLineEnd(ReadOnlySpan<byte> content, string what)
    {
        // The message is only built on failure: escaping the content at every line end made long inputs quadratic
        // (AFL++ saved them as hangs in the first 32-minute data run).
        for (int i = 0; i < content.Length; i++)
        {
            bool bare = content[i] switch
            {
                (byte)'\r' => i + 1 == content.Length || content[i + 1] != (byte)'\n',
                (byte)'\n' => i == 0 || content[i - 1] != (byte)'\r',
                _ => false,
            };
            if (bare)
            {
                throw new FuzzInvariantException($"{what}: bare {(content[i] == (byte)'\r' ? "CR" : "LF")} at {i} in [{FuzzInvariant.Escape(content)}]");
            }
        }
    }

    /// <summary>The naive model of normalisation: CRLF stays, a bare CR or bare LF becomes CRLF.</summary>
    public static byte[] Normalize(ReadOnlySpan<byte> content)
    {
        var output = new List<byte>(content.Length + 8);
        for (int i = 0; i < content.Length; i++)
        {
            byte b = content[i];
            if (b == (byte)'\r' || b == (byte)'\n')
            {
                output.Add((byte)'\r');
                output.Add((byte)'\n');
                if (b == (byte)'\r' && i + 1 < content.Length && content[i + 1] == (byte)'\n')
                {
                    i++;
                }
            }
            else
            {
                output.Add(b);
            }
        }

        return [.. output];
    }

    /// <summary>The naive model of the violations in complete content (line ends, NUL, lines over 998 octets).</summary>
    public static DataViolations Violations(ReadOnlySpan<byte> content)
    {
        DataViolations found = DataViolations.None;
        int lineLength = 0;
        for (int i = 0; i < content.Length; i++)
        {
            byte b = content[i];
            if (b != (byte)'\r' && b != (byte)'\n')
            {
                found |= b == 0 ? DataViolations.Nul : DataViolations.None;
                found |= ++lineLength > 998 ? DataViolations.LongLine : DataViolations.None;
                continue;
            }

            lineLength = 0;
            if (b == (byte)'\n')
            {
                found |= DataViolations.BareLf;
            }
            else if (i + 1 < content.Length && content[i + 1] == (byte)'\n')
            {
                i++;
            }
            else
            {
                found |= DataViolations.BareCr;
            }
        }

        return found;
    }

    /// <summary>Dot-stuffs <paramref name="content"/> (written in calls ending at <paramref name="cuts"/>) and completes it.</summary>
    public static byte[] Stuff(ReadOnlySpan<byte> content, int[] cuts)
    {
        var stuffer = new DotStuffer();
        var wire = new ArrayBufferWriter<byte>();
        int start = 0;
        foreach (int cut in cuts.Append(content.Length))
        {
            stuffer.Write(content[start..cut], wire);
            start = cut;
        }

        stuffer.Complete(wire);
        FuzzInvariant.Equal((long)wire.WrittenCount, stuffer.BytesWritten, "DotStuffer.BytesWritten");
        return wire.WrittenSpan.ToArray();
    }

    /// <summary>Frames DATA input given in calls ending at <paramref name="cuts"/>; the second call's input is a two-segment sequence.</summary>
    public static DataResult FrameData(ReadOnlySpan<byte> input, BareLineEndingHandling handling, int[] cuts)
    {
        var framer = new DataFramer(handling);
        var content = new ArrayBufferWriter<byte>();
        DataFramerStatus status = DataFramerStatus.NeedMoreData;
        long consumed = 0;
        int start = 0;
        foreach (int cut in cuts.Append(input.Length))
        {
            ReadOnlySpan<byte> read = input[start..cut];
            start = cut;
            var reader = new SequenceReader<byte>(FuzzInput.Split(read, read.Length / 2));
            status = framer.Advance(ref reader, content);
            consumed += reader.Consumed;
            if (status == DataFramerStatus.EndOfData)
            {
                FuzzInvariant.That(framer.IsComplete, "IsComplete after EndOfData");
                break;
            }

            FuzzInvariant.Equal(read.Length, (int)reader.Consumed, "NeedMoreData consumes the whole read");
        }

        FuzzInvariant.Equal((long)content.WrittenCount, framer.ContentLength, "DataFramer.ContentLength");
        return new DataResult(status, consumed, content.WrittenSpan.ToArray(), framer.Violations);
    }

    /// <summary>The outcome of framing DATA input.</summary>
    public sealed record DataResult(DataFramerStatus Status, long Consumed, byte[] Content, DataViolations Violations)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Status} consumed={Consumed} {Violations} content=[{FuzzInvariant.Escape(Content)}]";
    }
}
