// CommandLineReader: CRLF framing of command lines over the pipe's buffer, with a hard length limit.
// SECURITY: memory is bounded whatever the client sends: an over-long line is reported once and its
// remainder consumed as it arrives, never buffered (unlike readers that wait for a CRLF without limit).
// A line ends only at CRLF (RFC 5321 2.3.8); bare CR and bare LF stay inside the line for the parser to refuse.
using System.Buffers;

namespace Edge.Protocol.Parsing;

/// <summary>Frames command lines. A line ends only at CRLF (RFC 5321 2.3.8); one reader per connection.</summary>
public struct CommandLineReader
{
    /// <summary>The smallest limit a reader accepts (room for any command RFC 5321 defines).</summary>
    public const int MinLineLength = 64;

    private readonly int _maxLineLength;
    private bool _skipping;

    // While skipping: the last octet consumed was a CR, so an LF at the start of the next input ends the line.
    private bool _skippedCr;

    /// <summary>Creates a reader whose lines may be at most <paramref name="maxLineLength"/> octets including the CRLF.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside <see cref="MinLineLength"/>..<see cref="SmtpLimits.MaxCommandLineLength"/>.</exception>
    public CommandLineReader(int maxLineLength = SmtpLimits.DefaultCommandLineLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, MinLineLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLineLength, SmtpLimits.MaxCommandLineLength);
        _maxLineLength = maxLineLength;
    }

    /// <summary>The limit in octets including the CRLF.</summary>
    // default(CommandLineReader) behaves as a reader with the RFC 5321 4.5.3.1.4 default.
    public readonly int MaxLineLength => _maxLineLength == 0 ? SmtpLimits.DefaultCommandLineLength : _maxLineLength;

    /// <summary>True while the rest of an over-long line is being skipped.</summary>
    public readonly bool IsSkipping => _skipping;

    /// <summary>
    /// Takes the next line from <paramref name="reader"/>. On <see cref="LineReadStatus.Line"/> the reader is past the
    /// CRLF and <paramref name="line"/> is the line without it. On <see cref="LineReadStatus.NeedMoreData"/> the reader
    /// is left where the incomplete line starts (or, while skipping, past what was skipped).
    /// </summary>
    public LineReadStatus TryRead(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        line = default;
        if (_skipping && !SkipRest(ref reader))
        {
            return LineReadStatus.NeedMoreData;
        }

        int max = MaxLineLength;
        long lineLength = FindLineEnd(ref reader, max, out long examined);
        if (lineLength >= 0)
        {
            line = reader.Sequence.Slice(reader.Position, lineLength);
            reader.Advance(lineLength + 2);
            return LineReadStatus.Line;
        }

        if (examined < max)
        {
            // Incomplete but within the limit: leave the reader at the start of the line.
            return LineReadStatus.NeedMoreData;
        }

        // SECURITY: RFC 5321 4.5.3.1.4 limit exceeded. No CRLF ends within the first max octets, so the first
        // max - 1 octets can go (the last one may be the CR of a CRLF); the rest is consumed as it arrives.
        reader.Advance(max - 1);
        _skipping = true;
        _skippedCr = false;
        SkipRest(ref reader);
        return LineReadStatus.LineTooLong;
    }

    // Returns the length of the line (without CRLF) whose CRLF lies within the first max octets, or -1.
    // examined = how many octets were looked at (at most max).
    private static long FindLineEnd(ref SequenceReader<byte> reader, int max, out long examined)
    {
        ReadOnlySpan<byte> first = reader.UnreadSpan;
        int window = Math.Min(first.Length, max);
        int index = first[..window].IndexOf("\r\n"u8);
        if (index >= 0 || window == max || first.Length == reader.Remaining)
        {
            // Common case: the whole window lies in the current segment.
            examined = window;
            return index;
        }

        examined = 0;
        bool previousCr = false;
        foreach (ReadOnlyMemory<byte> memory in reader.UnreadSequence)
        {
            ReadOnlySpan<byte> span = memory.Span;
            if (span.IsEmpty)
            {
                continue;
            }

            span = span[..(int)Math.Min(span.Length, max - examined)];
            if (previousCr && span[0] == (byte)'\n')
            {
                return examined - 1;
            }

            index = span.IndexOf("\r\n"u8);
            if (index >= 0)
            {
                return examined + index;
            }

            previousCr = span[^1] == (byte)'\r';
            examined += span.Length;
            if (examined >= max)
            {
                break;
            }
        }

        return -1;
    }

    // Consumes input up to and including the CRLF that ends the skipped line. True when that CRLF was found.
    private bool SkipRest(ref SequenceReader<byte> reader)
    {
        while (!reader.End)
        {
            ReadOnlySpan<byte> span = reader.UnreadSpan;
            if (_skippedCr && span[0] == (byte)'\n')
            {
                reader.Advance(1);
                _skipping = false;
                _skippedCr = false;
                return true;
            }

            int index = span.IndexOf("\r\n"u8);
            if (index >= 0)
            {
                reader.Advance(index + 2);
                _skipping = false;
                _skippedCr = false;
                return true;
            }

            // SECURITY: nothing of a skipped line is retained; a trailing CR is remembered as one bit.
            _skippedCr = span[^1] == (byte)'\r';
            reader.Advance(span.Length);
        }

        return false;
    }
}
