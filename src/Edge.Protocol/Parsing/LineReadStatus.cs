// LineReadStatus: what CommandLineReader found in the buffered input.
namespace Edge.Protocol.Parsing;

/// <summary>Result of <see cref="CommandLineReader.TryRead"/>.</summary>
public enum LineReadStatus : byte
{
    /// <summary>No complete line is buffered; read more (the caller marks everything examined).</summary>
    NeedMoreData = 0,
    /// <summary>A complete line (without its CRLF) was taken.</summary>
    Line,
    /// <summary>
    /// The line is longer than the limit. Reported once per over-long line (answer <c>500 5.5.2 Line too long</c>);
    /// the reader then skips the rest of that line up to its CRLF without buffering it.
    /// </summary>
    LineTooLong,
}
