// CommandParser verb tests: dispatch of every verb (case-insensitive, spacing rules) and the arguments of
// the commands other than MAIL/RCPT, plus the example commands of RFC 5321 Appendix D.
using Edge.Protocol.Parsing;
using static Edge.Protocol.Tests.Parsing.ParseHelper;

namespace Edge.Protocol.Tests.Parsing;

public class CommandParserVerbTests
{
    [Theory]
    [InlineData("HELO a", SmtpVerb.Helo)]
    [InlineData("EHLO a", SmtpVerb.Ehlo)]
    [InlineData("MAIL FROM:<>", SmtpVerb.Mail)]
    [InlineData("RCPT TO:<a@b>", SmtpVerb.Rcpt)]
    [InlineData("DATA", SmtpVerb.Data)]
    [InlineData("BDAT 1", SmtpVerb.Bdat)]
    [InlineData("RSET", SmtpVerb.Rset)]
    [InlineData("NOOP", SmtpVerb.Noop)]
    [InlineData("QUIT", SmtpVerb.Quit)]
    [InlineData("VRFY a", SmtpVerb.Vrfy)]
    [InlineData("EXPN a", SmtpVerb.Expn)]
    [InlineData("HELP", SmtpVerb.Help)]
    [InlineData("STARTTLS", SmtpVerb.StartTls)]
    [InlineData("AUTH PLAIN", SmtpVerb.Auth)]
    [InlineData("ehlo a", SmtpVerb.Ehlo)]
    [InlineData("mAiL fRoM:<>", SmtpVerb.Mail)]
    [InlineData("StartTls", SmtpVerb.StartTls)]
    [InlineData("quit", SmtpVerb.Quit)]
    public void Parse_KnownVerb_IsRecognisedInAnyCase(string line, SmtpVerb verb)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(verb, command.Verb);
    }

    [Theory]
    [InlineData("NOOP   ")]
    [InlineData("RSET ")]
    [InlineData("DATA  ")]
    [InlineData("QUIT ")]
    [InlineData("STARTTLS   ")]
    public void Parse_TrailingSpaces_AreTolerated(string line) =>
        Assert.Equal(CommandError.None, Parse(line, out _));

    [Fact]
    public void Parse_ExtraSpacesAfterVerb_AreTolerated()
    {
        Assert.Equal(CommandError.None, Parse("EHLO    client.example   ", out SmtpCommand command));
        Assert.Equal("client.example", Text(command.Argument));
    }

    [Theory]
    [InlineData("DATA x")]
    [InlineData("RSET now")]
    [InlineData("QUIT please")]
    [InlineData("STARTTLS x")]
    public void Parse_ArgumentWhereNoneAllowed_IsBadArgumentWithVerbSet(string line)
    {
        Assert.Equal(CommandError.BadArgument, Parse(line, out SmtpCommand command));
        Assert.NotEqual(SmtpVerb.Unknown, command.Verb);
    }

    [Theory]
    [InlineData("EHLO client.example", "client.example")]
    [InlineData("HELO client.example", "client.example")]
    [InlineData("EHLO [192.0.2.1]", "[192.0.2.1]")]
    [InlineData("EHLO [IPv6:2001:db8::1]", "[IPv6:2001:db8::1]")]
    [InlineData("EHLO münchen.example", "münchen.example")]
    [InlineData("HELO localhost_junk!", "localhost_junk!")]
    public void Parse_HelloWithToken_KeepsArgument(string line, string argument)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(argument, Text(command.Argument));
    }

    [Theory]
    [InlineData("EHLO")]
    [InlineData("HELO   ")]
    [InlineData("EHLO two words")]
    [InlineData("EHLO tab\there")]
    public void Parse_HelloWithoutSingleToken_IsBadArgument(string line)
    {
        Assert.Equal(CommandError.BadArgument, Parse(line, out SmtpCommand command));
        Assert.True(command.Verb is SmtpVerb.Ehlo or SmtpVerb.Helo);
    }

    [Theory]
    [InlineData("NOOP", "")]
    [InlineData("NOOP anything at all", "anything at all")]
    [InlineData("HELP", "")]
    [InlineData("HELP MAIL", "MAIL")]
    public void Parse_NoopAndHelp_AcceptAnyArgument(string line, string argument)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(argument, Text(command.Argument));
    }

    [Theory]
    [InlineData("VRFY Smith", SmtpVerb.Vrfy, "Smith")]
    [InlineData("EXPN Example-People", SmtpVerb.Expn, "Example-People")]
    [InlineData("VRFY <postmaster@example.org>", SmtpVerb.Vrfy, "<postmaster@example.org>")]
    public void Parse_VrfyExpnWithArgument_KeepsArgument(string line, SmtpVerb verb, string argument)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(verb, command.Verb);
        Assert.Equal(argument, Text(command.Argument));
    }

    [Theory]
    [InlineData("VRFY")]
    [InlineData("EXPN  ")]
    public void Parse_VrfyExpnWithoutArgument_IsBadArgument(string line) =>
        Assert.Equal(CommandError.BadArgument, Parse(line, out _));

    [Theory]
    [InlineData("BDAT 1000", 1000L, false)]
    [InlineData("BDAT 0 LAST", 0L, true)]
    [InlineData("bdat 42 last", 42L, true)]
    [InlineData("BDAT 9223372036854775807  LAST  ", long.MaxValue, true)]
    public void Parse_Bdat_SetsChunkSizeAndLast(string line, long size, bool last)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(SmtpVerb.Bdat, command.Verb);
        Assert.Equal(size, command.ChunkSize);
        Assert.Equal(last, command.LastChunk);
    }

    [Theory]
    [InlineData("BDAT", CommandError.BadArgument)]
    [InlineData("BDAT +5", CommandError.BadNumber)]
    [InlineData("BDAT -5", CommandError.BadNumber)]
    [InlineData("BDAT 5x", CommandError.BadNumber)]
    [InlineData("BDAT 9223372036854775808", CommandError.BadNumber)]
    [InlineData("BDAT 5 FIRST", CommandError.BadArgument)]
    [InlineData("BDAT 5 LAST extra", CommandError.BadArgument)]
    public void Parse_BadBdat_ReturnsError(string line, CommandError error)
    {
        Assert.Equal(error, Parse(line, out SmtpCommand command));
        Assert.Equal(SmtpVerb.Bdat, command.Verb);
    }

    [Theory]
    [InlineData("AUTH PLAIN", "PLAIN", "")]
    [InlineData("AUTH plain AGFsaWNlAHNlY3JldA==", "plain", "AGFsaWNlAHNlY3JldA==")]
    [InlineData("AUTH LOGIN =", "LOGIN", "=")]
    [InlineData("AUTH SCRAM-SHA-256 biwsbj11c2VyLHI9", "SCRAM-SHA-256", "biwsbj11c2VyLHI9")]
    [InlineData("AUTH X_MECH_2 abc+/9=", "X_MECH_2", "abc+/9=")]
    public void Parse_Auth_SetsMechanismAndInitialResponse(string line, string mechanism, string response)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(SmtpVerb.Auth, command.Verb);
        Assert.Equal(mechanism, Text(command.AuthMechanism));
        Assert.Equal(response, Text(command.AuthInitialResponse));
    }

    [Theory]
    [InlineData("AUTH")]
    [InlineData("AUTH PL@IN")]
    [InlineData("AUTH ABCDEFGHIJKLMNOPQRSTU")]
    [InlineData("AUTH PLAIN not*base64")]
    [InlineData("AUTH PLAIN ===")]
    [InlineData("AUTH PLAIN ab=c")]
    [InlineData("AUTH PLAIN abc def")]
    public void Parse_BadAuth_IsBadArgument(string line)
    {
        Assert.Equal(CommandError.BadArgument, Parse(line, out SmtpCommand command));
        Assert.Equal(SmtpVerb.Auth, command.Verb);
    }

    [Theory]
    [InlineData("EHLO bar.com", SmtpVerb.Ehlo)]
    [InlineData("MAIL FROM:<Smith@bar.com>", SmtpVerb.Mail)]
    [InlineData("RCPT TO:<Jones@foo.com>", SmtpVerb.Rcpt)]
    [InlineData("RCPT TO:<Green@foo.com>", SmtpVerb.Rcpt)]
    [InlineData("RCPT TO:<Brown@foo.com>", SmtpVerb.Rcpt)]
    [InlineData("DATA", SmtpVerb.Data)]
    [InlineData("QUIT", SmtpVerb.Quit)]
    [InlineData("MAIL FROM:<JQP@bar.com>", SmtpVerb.Mail)]
    [InlineData("RCPT TO:<Jones@XYZ.COM>", SmtpVerb.Rcpt)]
    [InlineData("EHLO foo.com", SmtpVerb.Ehlo)]
    [InlineData("HELO bar.com", SmtpVerb.Helo)]
    [InlineData("VRFY Crispin", SmtpVerb.Vrfy)]
    [InlineData("RSET", SmtpVerb.Rset)]
    public void Parse_Rfc5321AppendixDCommand_IsWellFormed(string line, SmtpVerb verb)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(verb, command.Verb);
    }

    [Fact]
    public void Parse_Rfc5321AppendixDMail_SlicesPath()
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<Smith@bar.com>", out SmtpCommand command));
        Assert.Equal("Smith@bar.com", Text(command.Path));
        Assert.Equal("<Smith@bar.com>", Text(command.Argument));
        Assert.True(command.ParameterText.IsEmpty);
        Assert.Equal(-1, command.Mail.Size);
    }
}
