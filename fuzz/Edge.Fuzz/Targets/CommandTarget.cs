// CommandTarget: fuzzes CommandLineReader + CommandParser on a client's byte stream.
// Invariants: the reader frames exactly as a naive CRLF reference does (lines, too-long reports, what stays
// buffered, never more than its limit), however the stream is split into reads and segments; every framed line
// parses the same from one span and from a split sequence; a verb is case-insensitive; an accepted MAIL/RCPT or
// BDAT command written back in canonical form parses to the same path, parameters and chunk size.
using System.Buffers;
using System.Text;
using Edge.Protocol;
using Edge.Protocol.Parsing;

namespace Edge.Fuzz.Targets;

/// <summary>The <c>command</c> fuzz target.</summary>
public static class CommandTarget
{
    // The smallest limit makes over-long lines easy to reach; the default is what production runs with.
    private static readonly int[] Limits = [CommandLineReader.MinLineLength, SmtpLimits.DefaultCommandLineLength];

    /// <summary>Runs every check on <paramref name="input"/>; throws on a broken invariant.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        int[] cuts = FuzzInput.Cuts(input);
        foreach (int limit in Limits)
        {
            string expected = Reference(input, limit);
            string whole = Frame(input, limit, []);
            FuzzInvariant.Equal(expected, whole, $"framing (limit {limit}) against the reference");
            foreach (int cut in cuts)
            {
                FuzzInvariant.Equal(expected, Frame(input, limit, [cut]), $"framing (limit {limit}) read in two at {cut}");
            }

            if (input.Length <= 4 * FuzzInput.AllCutsLimit)
            {
                FuzzInvariant.Equal(expected, Frame(input, limit, Enumerable.Range(1, Math.Max(0, input.Length - 1)).ToArray()), $"framing (limit {limit}) one octet per read");
            }
        }

        // Every line (as the default reader frames it) through the parser.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input.ToArray()));
        var lines = new CommandLineReader();
        LineReadStatus status;
        while ((status = lines.TryRead(ref reader, out ReadOnlySequence<byte> line)) != LineReadStatus.NeedMoreData)
        {
            if (status == LineReadStatus.Line)
            {
                CheckParse(line.ToArray());
            }
        }
    }

    /// <summary>Parser checks on one line (without its CRLF).</summary>
    public static void CheckParse(ReadOnlySpan<byte> line)
    {
        string whole = Describe(line);
        var scratch = new byte[SmtpLimits.MaxCommandLineLength];
        int[] cuts = line.Length <= SmtpLimits.MaxCommandLineLength ? FuzzInput.Cuts(line) : [];
        foreach (int cut in cuts)
        {
            CommandError error = CommandParser.Parse(FuzzInput.Split(line, cut, cut), scratch, out SmtpCommand split);
            FuzzInvariant.Equal(whole, Describe(error, split), $"parse of the line split at {cut}");
        }

        CommandError result = CommandParser.Parse(line, out SmtpCommand command);
        if (result == CommandError.None)
        {
            FuzzInvariant.That(command.Verb != SmtpVerb.Unknown, "an accepted command has a verb");
            FuzzInvariant.That(!line.ContainsAny((byte)0, (byte)'\r', (byte)'\n'), "an accepted command has no NUL, CR or LF");
        }

        // Verbs are case-insensitive (RFC 5321 2.4): flipping the case of the verb's letters changes nothing.
        int verbEnd = line.IndexOf((byte)' ');
        byte[] flipped = line.ToArray();
        for (int i = 0; i < (verbEnd < 0 ? flipped.Length : verbEnd); i++)
        {
            if (char.IsAsciiLetter((char)flipped[i]))
            {
                flipped[i] ^= 0x20;
            }
        }

        FuzzInvariant.Equal(whole, Describe(flipped), "parse with the verb's case flipped");

        if (result == CommandError.None)
        {
            CheckCanonicalForm(command);
        }
    }

    // An accepted command written back in canonical form parses to the same values.
    private static void CheckCanonicalForm(SmtpCommand command)
    {
        byte[] canonical;
        switch (command.Verb)
        {
            case SmtpVerb.Mail or SmtpVerb.Rcpt:
                canonical = [.. command.Verb == SmtpVerb.Mail ? "MAIL FROM:<"u8 : "RCPT TO:<"u8, .. command.Path, .. ">"u8,
                    .. command.ParameterText.IsEmpty ? [] : " "u8, .. command.ParameterText];
                break;
            case SmtpVerb.Bdat:
                canonical = Encoding.ASCII.GetBytes($"BDAT {command.ChunkSize}{(command.LastChunk ? " LAST" : string.Empty)}");
                break;
            default:
                return;
        }

        string expected = Describe(CommandError.None, command, withArgument: false);
        CommandError error = CommandParser.Parse(canonical, out SmtpCommand reparsed);
        string actual = Describe(error, reparsed, withArgument: false);
        FuzzInvariant.Equal(expected, actual, $"canonical form [{FuzzInvariant.Escape(canonical)}] parses the same");
    }

    private static string Describe(ReadOnlySpan<byte> line) => Describe(CommandParser.Parse(line, out SmtpCommand command), command);

    // Everything the parser reports, as text, for comparison.
    private static string Describe(CommandError error, SmtpCommand c, bool withArgument = true)
    {
        var text = new StringBuilder();
        text.Append(error).Append(' ').Append(c.Verb)
            .Append(withArgument ? Field("arg", c.Argument) : string.Empty)
            .Append(Field("path", c.Path)).Append(" utf8=").Append(c.PathIsUtf8)
            .Append(Field("params", c.ParameterText))
            .Append(" size=").Append(c.Mail.Size).Append(" body=").Append(c.Mail.Body).Append(" smtputf8=").Append(c.Mail.SmtpUtf8)
            .Append(" requiretls=").Append(c.Mail.RequireTls).Append(" ret=").Append(c.Mail.Ret)
            .Append(Field("envid", c.Mail.EnvId)).Append(Field("auth", c.Mail.Auth))
            .Append(" notify=").Append(c.Rcpt.Notify).Append(Field("orcpt", c.Rcpt.ORcpt))
            .Append(" chunk=").Append(c.ChunkSize).Append(" last=").Append(c.LastChunk)
            .Append(Field("mech", c.AuthMechanism)).Append(Field("ir", c.AuthInitialResponse));
        return text.ToString();
    }

    private static string Field(string name, ReadOnlySpan<byte> value) => $" {name}=[{FuzzInvariant.Escape(value)}]";

    // Frames the stream as a pipe would deliver it: reads end at cuts; what the reader leaves is kept and the next
    // read appended to it (as a second segment). Returns the lines and reports, and what stays buffered at the end.
    private static string Frame(ReadOnlySpan<byte> input, int limit, int[] cuts)
    {
        var result = new StringBuilder();
        var lines = new CommandLineReader(limit);
        byte[] buffered = [];
        int start = 0;
        foreach (int cut in cuts.Append(input.Length))
        {
            ReadOnlySpan<byte> read = input[start..cut];
            start = cut;
            ReadOnlySequence<byte> sequence = buffered.Length == 0 ? new ReadOnlySequence<byte>(read.ToArray()) : FuzzInput.Split([.. buffered, .. read], buffered.Length);
            var reader = new SequenceReader<byte>(sequence);
            LineReadStatus status;
            while ((status = lines.TryRead(ref reader, out ReadOnlySequence<byte> line)) != LineReadStatus.NeedMoreData)
            {
                result.Append(status == LineReadStatus.Line ? $"line[{FuzzInvariant.Escape(line.ToArray())}]\n" : "too-long\n");
            }

            buffered = reader.UnreadSequence.ToArray();

            // SECURITY: memory stays bounded: never more than a line's worth is left buffered.
            FuzzInvariant.That(buffered.Length < limit, $"buffered {buffered.Length} octets with a limit of {limit}");
        }

        return result.Append($"buffered[{FuzzInvariant.Escape(buffered)}]{(lines.IsSkipping ? " skipping" : string.Empty)}").ToString();
    }

    // The naive model: a line ends at the first CRLF; a line whose CRLF does not end within the first limit octets is
    // reported once and skipped up to and including its CRLF.
    private static string Reference(ReadOnlySpan<byte> input, int limit)
    {
        var result = new StringBuilder();
        int position = 0;
        while (true)
        {
            ReadOnlySpan<byte> rest = input[position..];
            int end = rest.IndexOf("\r\n"u8);
            if (end >= 0 && end + 2 <= limit)
            {
                result.Append($"line[{FuzzInvariant.Escape(rest[..end])}]\n");
                position += end + 2;
                continue;
            }

            if (rest.Length < limit)
            {
                return result.Append($"buffered[{FuzzInvariant.Escape(rest)}]").ToString();
            }

            result.Append("too-long\n");
            int skipEnd = rest[(limit - 1)..].IndexOf("\r\n"u8);
            if (skipEnd < 0)
            {
                return result.Append("buffered[] skipping").ToString();
            }

            position += limit - 1 + skipEnd + 2;
        }
    }
}
