// CommandError: why a command line was refused by the parser; each value maps to exactly one SMTP reply.
namespace Edge.Protocol.Parsing;

/// <summary>The outcome of parsing one command line. <see cref="None"/> means the command is well formed.</summary>
public enum CommandError : byte
{
    /// <summary>Well formed.</summary>
    None = 0,
    /// <summary>Unrecognised verb, NUL, bare CR/LF, 8-bit byte in the verb, empty line: <c>500 5.5.2</c>.</summary>
    SyntaxError,
    /// <summary>The verb is known but its argument is malformed (bad path, missing brackets, argument where none is allowed): <c>501 5.5.4</c>.</summary>
    BadArgument,
    /// <summary>A known MAIL/RCPT parameter has a value Edge does not support (e.g. <c>BODY=FOO</c>): <c>504 5.5.4</c>.</summary>
    UnsupportedParameterValue,
    /// <summary>An unknown MAIL/RCPT parameter keyword: <c>555 5.5.4</c> (RFC 5321 4.1.1.11).</summary>
    UnknownParameter,
    /// <summary>A parameter appears twice, or a parameter that needs a value has none: <c>501 5.5.4</c>.</summary>
    BadParameter,
    /// <summary>A path, local part or domain is longer than RFC 5321 4.5.3.1 allows: <c>501 5.1.3</c> (MAIL/RCPT).</summary>
    PathTooLong,
    /// <summary>A SIZE value (or a BDAT chunk size) that has a sign, is not decimal, or overflows: <c>501 5.5.4</c>.</summary>
    BadNumber,
}
