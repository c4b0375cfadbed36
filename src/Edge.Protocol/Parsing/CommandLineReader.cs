// CommandLineReader: CRLF framing of command lines over the pipe's buffer, with a hard length limit.
// SECURITY: memory is bounded whatever the client sends: an over-long line is reported once and its
// remainder consumed as it arrives, never buffered (unlike readers that wait for a CRLF without limit).
using System.Buffers;

namespace Edge.Protocol.Parsing;

/// <summary>Frames command lines. A line ends only at CRLF (RFC 5321 2.3.8); one reader per connection.</summary>
public struct CommandLineReader
{
    /// <summary>Creates a reader whose lines may be at most <paramref name="maxLineLength"/> octets including the CRLF.</summary>
    public CommandLineReader(int maxLineLength = SmtpLimits.DefaultCommandLineLength)
    {
        throw new NotImplementedException();
    }

    /// <summary>The limit in octets including the CRLF.</summary>
    public readonly int MaxLineLength => throw new NotImplementedException();

    /// <summary>True while the rest of an over-long line is being skipped.</summary>
    public readonly bool IsSkipping => throw new NotImplementedException();

    /// <summary>
    /// Takes the next line from <paramref name="reader"/>. On <see cref="LineReadStatus.Line"/> the reader is past the
    /// CRLF and <paramref name="line"/> is the line without it. On <see cref="LineReadStatus.NeedMoreData"/> the reader
    /// is left where the incomplete line starts (or, while skipping, past what was skipped).
    /// </summary>
    public LineReadStatus TryRead(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        throw new NotImplementedException();
    }
}
