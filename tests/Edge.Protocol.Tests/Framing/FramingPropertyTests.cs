// Properties of the framing codecs over random inputs (FsCheck): stuff -> frame round-trips canonical bodies; DATA
// never ends before the first real CRLF.CRLF and agrees with a naive line-by-line model; the stuffer's output is
// canonical and holds no early terminator. Random bytes are mapped onto an alphabet rich in CR, LF, '.' and NUL.
using System.Buffers;
using Edge.Protocol.Framing;
using FsCheck.Xunit;
using static Edge.Protocol.Tests.Framing.FramingSegments;

namespace Edge.Protocol.Tests.Framing;

public class FramingPropertyTests
{
    private static readonly byte[] Tricky = "\r\n.\r\n.\r\n.a\0"u8.ToArray();
    private static readonly byte[] Canonical = "\n..ab \n"u8.ToArray();
    private static readonly byte[] Terminator = "\r\n.\r\n"u8.ToArray();

    [Property(MaxTest = 300)]
    public void StuffThenFrame_CanonicalBody_ReturnsBody(byte[] seed, bool normalize)
    {
        // A canonical body: lines of {'.', 'a', 'b', ' '} ended by CRLF; the last line may lack its CRLF.
        byte[] body = seed.Select(b => Canonical[b % Canonical.Length]).SelectMany(b => b == '\n' ? "\r\n"u8.ToArray() : [b]).ToArray();
        byte[] expected = body.Length == 0 || body.AsSpan().EndsWith("\r\n"u8) ? body : [.. body, .. "\r\n"u8];
        var stuffer = new DotStuffer();
        var wire = new ArrayBufferWriter<byte>();
        stuffer.Write(body, wire);
        stuffer.Complete(wire);
        byte[] input = [.. wire.WrittenSpan, .. "QUIT\r\n"u8];

        DataOutcome outcome = FrameDataOnce([Split(input, input.Length / 3)], normalize ? BareLineEndingHandling.Normalize : BareLineEndingHandling.Reject, new ArrayBufferWriter<byte>());

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(wire.WrittenCount, outcome.Consumed);
        Assert.Equal(expected, outcome.Content);
        Assert.Equal(DataViolations.None, outcome.Violations);
    }

    [Property(MaxTest = 500)]
    public void Advance_TrickyBody_EndsOnlyAtFirstRealTerminator(byte[] seed, bool normalize)
    {
        byte[] input = [.. Map(seed), .. Terminator];

        // The DATA command's CRLF precedes the input, so the end is the first "\r\n.\r\n" in "\r\n" + input.
        byte[] withCommandCrlf = [.. "\r\n"u8, .. input];
        int expectedEnd = withCommandCrlf.AsSpan().IndexOf(Terminator) + Terminator.Length - 2;
        BareLineEndingHandling handling = normalize ? BareLineEndingHandling.Normalize : BareLineEndingHandling.Reject;

        DataOutcome outcome = seed.Length <= 40 ? FrameData(input, handling) : FrameDataOnce([new ReadOnlySequence<byte>(input)], handling, new ArrayBufferWriter<byte>());
        (int end, byte[] content, DataViolations violations) = Reference(input, normalize);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(expectedEnd, outcome.Consumed);
        Assert.Equal(end, outcome.Consumed);
        Assert.Equal(Escape(content), Escape(outcome.Content));
        Assert.Equal(violations, outcome.Violations);
        if (normalize)
        {
            AssertCanonical(outcome.Content);
        }
    }

    [Property(MaxTest = 300)]
    public void Stuff_TrickyContent_CanonicalAndNoEarlyTerminator(byte[] seed)
    {
        byte[] output = Stuff(Map(seed));

        AssertCanonical(output);
        byte[] withCommandCrlf = [.. "\r\n"u8, .. output];
        Assert.Equal(withCommandCrlf.Length - Terminator.Length, withCommandCrlf.AsSpan().IndexOf(Terminator));
    }

    private static byte[] Map(byte[] seed) => seed.Select(b => b < 128 ? Tricky[b % Tricky.Length] : (byte)('a' + (b % 26))).ToArray();

    private static void AssertCanonical(ReadOnlySpan<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            bool cr = bytes[i] == '\r';
            bool lf = bytes[i] == '\n';
            Assert.False(cr && (i + 1 == bytes.Length || bytes[i + 1] != '\n'), $"bare CR at {i} in [{Escape(bytes)}]");
            Assert.False(lf && (i == 0 || bytes[i - 1] != '\r'), $"bare LF at {i} in [{Escape(bytes)}]");
        }
    }

    // The naive model the framer must agree with: split into lines at CRLF, bare CR and bare LF; "." between two CRLFs
    // ends the data; any other "." line is kept and flagged; other lines lose one leading dot. Input must end with CRLF.CRLF.
    private static (int End, byte[] Content, DataViolations Violations) Reference(byte[] input, bool normalize)
    {
        var content = new List<byte>();
        DataViolations violations = DataViolations.None;
        bool previousBare = false;
        int pos = 0;
        while (true)
        {
            int j = pos;
            while (input[j] != '\r' && input[j] != '\n')
            {
                j++;
            }

            byte[] line = input[pos..j];
            bool crlf = input[j] == '\r' && input[j + 1] == '\n';
            bool bare = !crlf;
            byte[] ending = crlf ? [(byte)'\r', (byte)'\n'] : [input[j]];
            violations |= bare ? (input[j] == '\r' ? DataViolations.BareCr : DataViolations.BareLf) : DataViolations.None;
            violations |= line.Contains((byte)0) ? DataViolations.Nul : DataViolations.None;
            int next = j + ending.Length;
            if (line is [(byte)'.'])
            {
                if (!previousBare && !bare)
                {
                    return (next, content.ToArray(), violations);
                }

                violations |= DataViolations.SmugglingShape;
            }
            else if (line.Length > 0 && line[0] == '.')
            {
                line = line[1..];
            }

            violations |= line.Length > 998 ? DataViolations.LongLine : DataViolations.None;
            content.AddRange(line);
            content.AddRange(normalize ? "\r\n"u8.ToArray() : ending);
            previousBare = bare;
            pos = next;
        }
    }
}
