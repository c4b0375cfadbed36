// CommandParser: one command line → SmtpCommand (verb + slices), without strings, exceptions or allocation.
namespace Edge.Protocol.Parsing;

/// <summary>Parses command lines (RFC 5321 4.1, with the ESMTP parameters Edge supports).</summary>
public static class CommandParser
{
    /// <summary>
    /// Parses <paramref name="line"/> (without its CRLF). Returns <see cref="CommandError.None"/> and the command,
    /// or the error that decides the reply. The verb is still set when the error concerns the argument.
    /// </summary>
    public static CommandError Parse(ReadOnlySpan<byte> line, out SmtpCommand command)
    {
        throw new NotImplementedException();
    }
}
