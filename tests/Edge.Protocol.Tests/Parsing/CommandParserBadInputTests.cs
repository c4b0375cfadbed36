// CommandParser bad-input table: hostile and malformed lines (NUL, bare CR/LF, 8-bit verbs, missing brackets,
// over-long paths, value-less, duplicate, signed, overflowing, unknown and wrong-verb parameters), each mapped
// to the exact CommandError and verb. Strings are taken octet for octet (Latin-1) so raw 8-bit bytes are exact.
using Edge.Protocol.Parsing;
using static Edge.Protocol.Tests.Parsing.ParseHelper;

namespace Edge.Protocol.Tests.Parsing;

public class CommandParserBadInputTests
{
    private static readonly string LongLocal = new('l', 65);
    private static readonly string LongDomain = new string('d', 63) + "." + new string('e', 63) + "." + new string('f', 63) + "." + new string('g', 63) + ".com";

    public static TheoryData<string, CommandError, SmtpVerb> BadLines => new()
    {
        { "", CommandError.SyntaxError, SmtpVerb.Unknown },
        { " ", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "   NOOP", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "NOP", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "NOOPS", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "XYZZ", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "MAILFROM:<a@b>", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "MAIL\tFROM:<a@b>", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "STARTTLSX", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "START", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "\0NOOP", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "NO\0OP", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "NOOP \0", CommandError.SyntaxError, SmtpVerb.Noop },
        { "MAIL FROM:<a\0@b>", CommandError.SyntaxError, SmtpVerb.Mail },
        { "RCPT TO:<a@b>\r", CommandError.SyntaxError, SmtpVerb.Rcpt },
        { "DATA\n", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "NOOP x\nRSET", CommandError.SyntaxError, SmtpVerb.Noop },
        { "EHLO a\rb", CommandError.SyntaxError, SmtpVerb.Ehlo },
        { "N\u00D6OP", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "\u00C5\u00C1TA", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "DAT\u00C1", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "\u00CDAIL FROM:<a@b>", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "HEL\u00EF x", CommandError.SyntaxError, SmtpVerb.Unknown },
        { "MAIL FROM:a@b", CommandError.BadArgument, SmtpVerb.Mail },
        { "MAIL FROM:<a@b", CommandError.BadArgument, SmtpVerb.Mail },
        { "MAIL FROM:a@b>", CommandError.BadArgument, SmtpVerb.Mail },
        { "RCPT TO:a@b", CommandError.BadArgument, SmtpVerb.Rcpt },
        { "RCPT TO:", CommandError.BadArgument, SmtpVerb.Rcpt },
        { "RCPT TO:<>", CommandError.BadArgument, SmtpVerb.Rcpt },
        { "MAIL FROM:<" + LongLocal + "@b.com>", CommandError.PathTooLong, SmtpVerb.Mail },
        { "RCPT TO:<a@" + LongDomain + ">", CommandError.PathTooLong, SmtpVerb.Rcpt },
        { "MAIL FROM:<a@b> SIZE", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> BODY=", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> RET", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> ENVID=", CommandError.BadParameter, SmtpVerb.Mail },
        { "RCPT TO:<a@b> NOTIFY=", CommandError.BadParameter, SmtpVerb.Rcpt },
        { "RCPT TO:<a@b> ORCPT", CommandError.BadParameter, SmtpVerb.Rcpt },
        { "MAIL FROM:<a@b> SIZE=1 SIZE=1", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> RET=FULL RET=HDRS", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> REQUIRETLS requiretls", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> ENVID=x ENVID=y", CommandError.BadParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> AUTH=<> AUTH=<>", CommandError.BadParameter, SmtpVerb.Mail },
        { "RCPT TO:<a@b> NOTIFY=NEVER NOTIFY=NEVER", CommandError.BadParameter, SmtpVerb.Rcpt },
        { "MAIL FROM:<a@b> SIZE=-100", CommandError.BadNumber, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> SIZE=+100", CommandError.BadNumber, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> SIZE=18446744073709551616", CommandError.BadNumber, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> SIZE=0x10", CommandError.BadNumber, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> SIZE=1.5", CommandError.BadNumber, SmtpVerb.Mail },
        { "BDAT -1", CommandError.BadNumber, SmtpVerb.Bdat },
        { "BDAT +1 LAST", CommandError.BadNumber, SmtpVerb.Bdat },
        { "BDAT 100000000000000000000", CommandError.BadNumber, SmtpVerb.Bdat },
        { "MAIL FROM:<a@b> FOO=BAR", CommandError.UnknownParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> SIZES=1", CommandError.UnknownParameter, SmtpVerb.Mail },
        { "RCPT TO:<a@b> X", CommandError.UnknownParameter, SmtpVerb.Rcpt },
        { "MAIL FROM:<a@b> NOTIFY=SUCCESS", CommandError.UnknownParameter, SmtpVerb.Mail },
        { "MAIL FROM:<a@b> ORCPT=rfc822;x@y", CommandError.UnknownParameter, SmtpVerb.Mail },
        { "RCPT TO:<a@b> SIZE=1", CommandError.UnknownParameter, SmtpVerb.Rcpt },
        { "RCPT TO:<a@b> RET=FULL", CommandError.UnknownParameter, SmtpVerb.Rcpt },
        { "RCPT TO:<a@b> ENVID=x", CommandError.UnknownParameter, SmtpVerb.Rcpt },
        { "RCPT TO:<a@b> AUTH=<>", CommandError.UnknownParameter, SmtpVerb.Rcpt },
        { "RCPT TO:<a@b> REQUIRETLS", CommandError.UnknownParameter, SmtpVerb.Rcpt },
        { "MAIL FROM:<a@b> BODY=QUOTED", CommandError.UnsupportedParameterValue, SmtpVerb.Mail },
        { "RCPT TO:<a@b> NOTIFY=NEVER,DELAY", CommandError.UnsupportedParameterValue, SmtpVerb.Rcpt },
        { "QUIT now", CommandError.BadArgument, SmtpVerb.Quit },
        { "EHLO", CommandError.BadArgument, SmtpVerb.Ehlo },
        { "EHLO a\u0001b", CommandError.BadArgument, SmtpVerb.Ehlo },
        { "AUTH", CommandError.BadArgument, SmtpVerb.Auth },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Parse_BadLine_ReturnsExactErrorAndVerb(string line, CommandError error, SmtpVerb verb)
    {
        Assert.Equal(error, ParseLatin1(line, out SmtpCommand command));
        Assert.Equal(verb, command.Verb);
    }
}
