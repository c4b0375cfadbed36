// CommandParser: one command line → SmtpCommand (verb + slices), without strings, exceptions or allocation.
// The verb is dispatched on its four packed octets (case folded with | 0x20); arguments are checked per verb
// (RFC 5321 4.1.1, RFC 3030 BDAT, RFC 4954 AUTH, RFC 3207 STARTTLS); paths and parameters have their own parsers.
// SECURITY: NUL, CR and LF inside a line are refused outright (bare CR/LF smuggling, RFC 5321 2.3.8).
using System.Buffers.Binary;
using System.Text;

using System.Buffers;

namespace Edge.Protocol.Parsing;

/// <summary>Parses command lines (RFC 5321 4.1, with the ESMTP parameters Edge supports).</summary>
public static class CommandParser
{
    // RFC 4954 4 / RFC 4422 3.1: a SASL mechanism name is 1..20 characters.
    private const int MaxSaslMechanismLength = 20;

    private const uint Helo = 'h' | ('e' << 8) | ('l' << 16) | ((uint)'o' << 24);
    private const uint Ehlo = 'e' | ('h' << 8) | ('l' << 16) | ((uint)'o' << 24);
    private const uint Mail = 'm' | ('a' << 8) | ('i' << 16) | ((uint)'l' << 24);
    private const uint Rcpt = 'r' | ('c' << 8) | ('p' << 16) | ((uint)'t' << 24);
    private const uint Data = 'd' | ('a' << 8) | ('t' << 16) | ((uint)'a' << 24);
    private const uint Bdat = 'b' | ('d' << 8) | ('a' << 16) | ((uint)'t' << 24);
    private const uint Rset = 'r' | ('s' << 8) | ('e' << 16) | ((uint)'t' << 24);
    private const uint Noop = 'n' | ('o' << 8) | ('o' << 16) | ((uint)'p' << 24);
    private const uint Quit = 'q' | ('u' << 8) | ('i' << 16) | ((uint)'t' << 24);
    private const uint Vrfy = 'v' | ('r' << 8) | ('f' << 16) | ((uint)'y' << 24);
    private const uint Expn = 'e' | ('x' << 8) | ('p' << 16) | ((uint)'n' << 24);
    private const uint Help = 'h' | ('e' << 8) | ('l' << 16) | ((uint)'p' << 24);
    private const uint Auth = 'a' | ('u' << 8) | ('t' << 16) | ((uint)'h' << 24);
    private const uint Star = 's' | ('t' << 8) | ('a' << 16) | ((uint)'r' << 24);
    private const uint PackedFrom = 'f' | ('r' << 8) | ('o' << 16) | ((uint)'m' << 24);
    private const ushort PackedTo = 't' | ('o' << 8);

    /// <summary>
    /// Parses a framed line as the pipe delivers it: in place when it lies in one segment, otherwise copied into
    /// <paramref name="scratch"/> (at least <see cref="SmtpLimits.MaxCommandLineLength"/> octets) first.
    /// </summary>
    public static CommandError Parse(in ReadOnlySequence<byte> line, Span<byte> scratch, out SmtpCommand command)
    {
        if (line.IsSingleSegment)
        {
            return Parse(line.FirstSpan, out command);
        }

        if (line.Length > scratch.Length)
        {
            command = default;
            return CommandError.SyntaxError;
        }

        line.CopyTo(scratch);
        return Parse(scratch[..(int)line.Length], out command);
    }

    /// <summary>
    /// Parses <paramref name="line"/> (without its CRLF). Returns <see cref="CommandError.None"/> and the command,
    /// or the error that decides the reply. The verb is still set when the error concerns the argument.
    /// </summary>
    public static CommandError Parse(ReadOnlySpan<byte> line, out SmtpCommand command)
    {
        command = default;
        SmtpVerb verb = ReadVerb(line, out int verbLength);
        command.Verb = verb;

        // SECURITY: a NUL or a bare CR/LF is never part of a command; refusing them closes smuggling tricks.
        if (verb == SmtpVerb.Unknown || line.IndexOfAny((byte)0, (byte)'\r', (byte)'\n') >= 0)
        {
            return CommandError.SyntaxError;
        }

        // One space separates verb and argument; extra and trailing spaces are tolerated (real clients send them).
        ReadOnlySpan<byte> argument = line[verbLength..].Trim((byte)' ');
        command.Argument = argument;
        return verb switch
        {
            SmtpVerb.Helo or SmtpVerb.Ehlo => ParseHello(argument),
            SmtpVerb.Mail => ParseMail(argument, ref command),
            SmtpVerb.Rcpt => ParseRcpt(argument, ref command),
            SmtpVerb.Data or SmtpVerb.Rset or SmtpVerb.Quit or SmtpVerb.StartTls =>
                argument.IsEmpty ? CommandError.None : CommandError.BadArgument,
            SmtpVerb.Vrfy or SmtpVerb.Expn => argument.IsEmpty ? CommandError.BadArgument : CommandError.None,
            SmtpVerb.Bdat => ParseBdat(argument, ref command),
            SmtpVerb.Auth => ParseAuth(argument, ref command),
            _ => CommandError.None, // NOOP, HELP: any argument (RFC 5321 4.1.1.8, 4.1.1.9).
        };
    }

    // The verb must be followed by the end of the line or a space, so "MAILFROM" and "NOOPS" are unknown.
    private static SmtpVerb ReadVerb(ReadOnlySpan<byte> line, out int length)
    {
        length = 4;
        if (line.Length < 4 || (line.Length > 4 && line[4] != (byte)' ' && !IsStartTls(line)))
        {
            return SmtpVerb.Unknown;
        }

        // | 0x20 folds exactly the ASCII letters to lower case; no other octet maps onto a letter.
        uint packed = BinaryPrimitives.ReadUInt32LittleEndian(line) | 0x20202020u;
        switch (packed)
        {
            case Helo: return SmtpVerb.Helo;
            case Ehlo: return SmtpVerb.Ehlo;
            case Mail: return SmtpVerb.Mail;
            case Rcpt: return SmtpVerb.Rcpt;
            case Data: return SmtpVerb.Data;
            case Bdat: return SmtpVerb.Bdat;
            case Rset: return SmtpVerb.Rset;
            case Noop: return SmtpVerb.Noop;
            case Quit: return SmtpVerb.Quit;
            case Vrfy: return SmtpVerb.Vrfy;
            case Expn: return SmtpVerb.Expn;
            case Help: return SmtpVerb.Help;
            case Auth: return SmtpVerb.Auth;
            case Star when IsStartTls(line):
                length = 8;
                return SmtpVerb.StartTls;
            default: return SmtpVerb.Unknown;
        }
    }

    private static bool IsStartTls(ReadOnlySpan<byte> line) =>
        line.Length >= 8
        && (line.Length == 8 || line[8] == (byte)' ')
        && Ascii.EqualsIgnoreCase(line[..8], "STARTTLS"u8);

    // RFC 5321 4.1.1.1: a domain or address literal. Clients send junk here, so only a single visible token is required.
    private static CommandError ParseHello(ReadOnlySpan<byte> argument) =>
        argument.IsEmpty || argument.ContainsAnyExcept(SmtpChars.PrintableUtf8)
            ? CommandError.BadArgument
            : CommandError.None;

    // RFC 5321 4.1.1.2: "MAIL FROM:" Reverse-path [SP Mail-parameters].
    private static CommandError ParseMail(ReadOnlySpan<byte> argument, ref SmtpCommand command)
    {
        if (argument.Length < 5
            || (BinaryPrimitives.ReadUInt32LittleEndian(argument) | 0x20202020u) != PackedFrom
            || argument[4] != (byte)':')
        {
            return CommandError.BadArgument;
        }

        MailParameters parameters = default;
        parameters.Size = -1;
        command.Mail = parameters;
        CommandError error = ParsePathAndRest(argument[5..], forwardPath: false, ref command, out ReadOnlySpan<byte> rest);
        if (error != CommandError.None)
        {
            return error;
        }

        error = EsmtpParameterParser.ParseMail(rest, ref parameters);
        command.Mail = parameters;
        return error;
    }

    // RFC 5321 4.1.1.3: "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters].
    private static CommandError ParseRcpt(ReadOnlySpan<byte> argument, ref SmtpCommand command)
    {
        if (argument.Length < 3
            || (BinaryPrimitives.ReadUInt16LittleEndian(argument) | 0x2020) != PackedTo
            || argument[2] != (byte)':')
        {
            return CommandError.BadArgument;
        }

        CommandError error = ParsePathAndRest(argument[3..], forwardPath: true, ref command, out ReadOnlySpan<byte> rest);
        if (error != CommandError.None)
        {
            return error;
        }

        RcptParameters parameters = default;
        error = EsmtpParameterParser.ParseRcpt(rest, ref parameters);
        command.Rcpt = parameters;
        return error;
    }

    // Spaces after the colon are accepted (Postfix does the same by default); the path must be bracketed.
    private static CommandError ParsePathAndRest(
        ReadOnlySpan<byte> afterColon, bool forwardPath, scoped ref SmtpCommand command, out ReadOnlySpan<byte> parameters)
    {
        ReadOnlySpan<byte> text = afterColon.TrimStart((byte)' ');
        command.Argument = text;
        parameters = default;
        CommandError error = PathParser.Parse(text, forwardPath, out ReadOnlySpan<byte> path, out bool utf8, out int consumed);
        if (error != CommandError.None)
        {
            return error;
        }

        command.Path = path;
        command.PathIsUtf8 = utf8;
        ReadOnlySpan<byte> rest = text[consumed..];
        if (!rest.IsEmpty && rest[0] != (byte)' ')
        {
            // Parameters must be separated from the path by a space.
            return CommandError.BadArgument;
        }

        ReadOnlySpan<byte> trimmed = rest.TrimStart((byte)' ');
        command.ParameterText = trimmed;
        parameters = trimmed;
        return CommandError.None;
    }

    // RFC 3030 2: "BDAT" SP chunk-size [SP end-marker]; chunk-size = 1*DIGIT; end-marker = "LAST".
    private static CommandError ParseBdat(ReadOnlySpan<byte> argument, ref SmtpCommand command)
    {
        if (argument.IsEmpty)
        {
            return CommandError.BadArgument;
        }

        int space = argument.IndexOf((byte)' ');
        ReadOnlySpan<byte> size = space < 0 ? argument : argument[..space];
        if (!DecimalNumber.TryParse(size, out long chunkSize))
        {
            return CommandError.BadNumber;
        }

        command.ChunkSize = chunkSize;
        ReadOnlySpan<byte> rest = space < 0 ? default : argument[space..].TrimStart((byte)' ');
        if (rest.IsEmpty)
        {
            return CommandError.None;
        }

        if (rest.Length != 4 || !Ascii.EqualsIgnoreCase(rest, "LAST"u8))
        {
            return CommandError.BadArgument;
        }

        command.LastChunk = true;
        return CommandError.None;
    }

    // RFC 4954 4: "AUTH" SP sasl-mech [SP initial-response]; initial-response = base64 / "=".
    private static CommandError ParseAuth(ReadOnlySpan<byte> argument, ref SmtpCommand command)
    {
        int space = argument.IndexOf((byte)' ');
        ReadOnlySpan<byte> mechanism = space < 0 ? argument : argument[..space];
        if (mechanism.IsEmpty
            || mechanism.Length > MaxSaslMechanismLength
            || mechanism.ContainsAnyExcept(SmtpChars.SaslMechanism))
        {
            return CommandError.BadArgument;
        }

        command.AuthMechanism = mechanism;
        ReadOnlySpan<byte> response = space < 0 ? default : argument[space..].TrimStart((byte)' ');
        if (response.IsEmpty)
        {
            return CommandError.None;
        }

        if (!IsInitialResponse(response))
        {
            return CommandError.BadArgument;
        }

        command.AuthInitialResponse = response;
        return CommandError.None;
    }

    // A single "=" is an empty response (RFC 4954 4); otherwise base64 with at most two trailing pad octets.
    private static bool IsInitialResponse(ReadOnlySpan<byte> response)
    {
        if (response.Length == 1 && response[0] == (byte)'=')
        {
            return true;
        }

        ReadOnlySpan<byte> data = response.TrimEnd((byte)'=');
        return !data.IsEmpty && response.Length - data.Length <= 2 && !data.ContainsAnyExcept(SmtpChars.Base64);
    }
}
