// ParseHelper: encodes test command lines and decodes the slices of a parsed command for assertions.
using System.Text;
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Tests.Parsing;

internal static class ParseHelper
{
    /// <summary>Parses <paramref name="line"/> encoded as UTF-8.</summary>
    public static CommandError Parse(string line, out SmtpCommand command) =>
        CommandParser.Parse(Encoding.UTF8.GetBytes(line), out command);

    /// <summary>Parses <paramref name="line"/> with each char taken as one octet (for raw 8-bit and control bytes).</summary>
    public static CommandError ParseLatin1(string line, out SmtpCommand command) =>
        CommandParser.Parse(Encoding.Latin1.GetBytes(line), out command);

    public static string Text(ReadOnlySpan<byte> span) => Encoding.UTF8.GetString(span);
}
