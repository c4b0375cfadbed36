// CommandParser parameter tests: each MAIL FROM parameter (SIZE, BODY, SMTPUTF8, REQUIRETLS, RET, ENVID, AUTH)
// and each RCPT TO parameter (NOTIFY, ORCPT), with their value rules, duplicates and wrong-verb use.
using Edge.Protocol.Parsing;
using static Edge.Protocol.Tests.Parsing.ParseHelper;

namespace Edge.Protocol.Tests.Parsing;

public class CommandParserParameterTests
{
    [Theory]
    [InlineData("SIZE=0", 0L)]
    [InlineData("SIZE=1000000", 1_000_000L)]
    [InlineData("size=12345", 12345L)]
    [InlineData("SIZE=9223372036854775807", long.MaxValue)]
    public void Parse_MailSize_IsParsed(string parameter, long size)
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(size, command.Mail.Size);
        Assert.Equal(parameter, Text(command.ParameterText));
    }

    [Fact]
    public void Parse_MailWithoutSize_SizeIsMinusOne()
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example>", out SmtpCommand command));
        Assert.Equal(-1, command.Mail.Size);
        Assert.Equal(BodyType.Unspecified, command.Mail.Body);
        Assert.Equal(DsnReturn.Unspecified, command.Mail.Ret);
        Assert.False(command.Mail.SmtpUtf8);
        Assert.False(command.Mail.RequireTls);
        Assert.True(command.Mail.EnvId.IsEmpty);
        Assert.True(command.Mail.Auth.IsEmpty);
    }

    [Theory]
    [InlineData("BODY=7BIT", BodyType.SevenBit)]
    [InlineData("BODY=8BITMIME", BodyType.EightBitMime)]
    [InlineData("body=8bitmime", BodyType.EightBitMime)]
    [InlineData("BODY=BINARYMIME", BodyType.BinaryMime)]
    public void Parse_MailBody_IsParsed(string parameter, BodyType body)
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(body, command.Mail.Body);
    }

    [Theory]
    [InlineData("SMTPUTF8")]
    [InlineData("smtputf8")]
    public void Parse_MailSmtpUtf8_IsSet(string parameter)
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<jöe@b.example> " + parameter, out SmtpCommand command));
        Assert.True(command.Mail.SmtpUtf8);
        Assert.True(command.PathIsUtf8);
    }

    [Fact]
    public void Parse_MailRequireTls_IsSet()
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example> REQUIRETLS", out SmtpCommand command));
        Assert.True(command.Mail.RequireTls);
    }

    [Theory]
    [InlineData("RET=FULL", DsnReturn.Full)]
    [InlineData("RET=HDRS", DsnReturn.Headers)]
    [InlineData("ret=hdrs", DsnReturn.Headers)]
    public void Parse_MailRet_IsParsed(string parameter, DsnReturn ret)
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(ret, command.Mail.Ret);
    }

    [Theory]
    [InlineData("ENVID=QQ314159", "QQ314159")]
    [InlineData("ENVID=a+2Bb+3Dc", "a+2Bb+3Dc")]
    public void Parse_MailEnvId_KeepsXtext(string parameter, string envId)
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(envId, Text(command.Mail.EnvId));
    }

    [Theory]
    [InlineData("AUTH=<>", "<>")]
    [InlineData("AUTH=e+3Dmc2@example.com", "e+3Dmc2@example.com")]
    public void Parse_MailAuth_KeepsValue(string parameter, string auth)
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(auth, Text(command.Mail.Auth));
    }

    [Fact]
    public void Parse_MailAllParameters_AreParsedTogether()
    {
        const string line = "MAIL FROM:<a@b.example>   SIZE=500  BODY=8BITMIME SMTPUTF8 REQUIRETLS RET=HDRS ENVID=x1 AUTH=<>  ";
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(500, command.Mail.Size);
        Assert.Equal(BodyType.EightBitMime, command.Mail.Body);
        Assert.True(command.Mail.SmtpUtf8);
        Assert.True(command.Mail.RequireTls);
        Assert.Equal(DsnReturn.Headers, command.Mail.Ret);
        Assert.Equal("x1", Text(command.Mail.EnvId));
        Assert.Equal("<>", Text(command.Mail.Auth));
        Assert.Equal("SIZE=500  BODY=8BITMIME SMTPUTF8 REQUIRETLS RET=HDRS ENVID=x1 AUTH=<>", Text(command.ParameterText));
        Assert.Equal("<a@b.example>   SIZE=500  BODY=8BITMIME SMTPUTF8 REQUIRETLS RET=HDRS ENVID=x1 AUTH=<>", Text(command.Argument));
    }

    [Theory]
    [InlineData("NOTIFY=NEVER", DsnNotify.Never)]
    [InlineData("NOTIFY=SUCCESS", DsnNotify.Success)]
    [InlineData("NOTIFY=FAILURE", DsnNotify.Failure)]
    [InlineData("NOTIFY=DELAY", DsnNotify.Delay)]
    [InlineData("NOTIFY=SUCCESS,FAILURE,DELAY", DsnNotify.Success | DsnNotify.Failure | DsnNotify.Delay)]
    [InlineData("notify=failure,delay", DsnNotify.Failure | DsnNotify.Delay)]
    public void Parse_RcptNotify_IsParsed(string parameter, DsnNotify notify)
    {
        Assert.Equal(CommandError.None, Parse("RCPT TO:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(notify, command.Rcpt.Notify);
    }

    [Theory]
    [InlineData("ORCPT=rfc822;Bob@Example.COM", "rfc822;Bob@Example.COM")]
    [InlineData("ORCPT=rfc822;a+2Bb@example.com", "rfc822;a+2Bb@example.com")]
    [InlineData("ORCPT=utf-8;j\\x{00F6}e@example.com", "utf-8;j\\x{00F6}e@example.com")]
    public void Parse_RcptORcpt_KeepsValue(string parameter, string orcpt)
    {
        Assert.Equal(CommandError.None, Parse("RCPT TO:<a@b.example> " + parameter, out SmtpCommand command));
        Assert.Equal(orcpt, Text(command.Rcpt.ORcpt));
    }

    [Fact]
    public void Parse_RcptNotifyAndORcpt_AreParsedTogether()
    {
        Assert.Equal(
            CommandError.None,
            Parse("RCPT TO:<Postmaster> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;postmaster@example.org", out SmtpCommand command));
        Assert.Equal("Postmaster", Text(command.Path));
        Assert.Equal(DsnNotify.Success | DsnNotify.Failure, command.Rcpt.Notify);
        Assert.Equal("rfc822;postmaster@example.org", Text(command.Rcpt.ORcpt));
    }

    [Theory]
    [InlineData("MAIL FROM:<a@b> SIZE=+5", CommandError.BadNumber)]
    [InlineData("MAIL FROM:<a@b> SIZE=-1", CommandError.BadNumber)]
    [InlineData("MAIL FROM:<a@b> SIZE=1e6", CommandError.BadNumber)]
    [InlineData("MAIL FROM:<a@b> SIZE=9223372036854775808", CommandError.BadNumber)]
    [InlineData("MAIL FROM:<a@b> SIZE=99999999999999999999999", CommandError.BadNumber)]
    [InlineData("MAIL FROM:<a@b> SIZE", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> SIZE=", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> BODY=FOO", CommandError.UnsupportedParameterValue)]
    [InlineData("MAIL FROM:<a@b> BODY=8BIT", CommandError.UnsupportedParameterValue)]
    [InlineData("MAIL FROM:<a@b> BODY", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> SMTPUTF8=YES", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> SMTPUTF8=", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> REQUIRETLS=1", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> RET=ALL", CommandError.UnsupportedParameterValue)]
    [InlineData("MAIL FROM:<a@b> RET", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> ENVID", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> ENVID=a+2b", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> ENVID=a+", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> ENVID=a=b", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> AUTH", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> AUTH=a+zz", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> SIZE=1 SIZE=2", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> BODY=7BIT body=8BITMIME", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> SMTPUTF8 SMTPUTF8", CommandError.BadParameter)]
    [InlineData("MAIL FROM:<a@b> X-FOO=bar", CommandError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@b> XYZZY", CommandError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@b> NOTIFY=NEVER", CommandError.UnknownParameter)]
    [InlineData("MAIL FROM:<a@b> ORCPT=rfc822;a@b", CommandError.UnknownParameter)]
    [InlineData("RCPT TO:<a@b> NOTIFY=NEVER,SUCCESS", CommandError.UnsupportedParameterValue)]
    [InlineData("RCPT TO:<a@b> NOTIFY=SUCCESS,NEVER", CommandError.UnsupportedParameterValue)]
    [InlineData("RCPT TO:<a@b> NOTIFY=SOMETIMES", CommandError.UnsupportedParameterValue)]
    [InlineData("RCPT TO:<a@b> NOTIFY=SUCCESS,", CommandError.UnsupportedParameterValue)]
    [InlineData("RCPT TO:<a@b> NOTIFY", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> NOTIFY=DELAY NOTIFY=DELAY", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> ORCPT", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> ORCPT=rfc822", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> ORCPT=;a@b", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> ORCPT=rfc822;", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> ORCPT=rfc822;a+4", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> ORCPT=rfc822;a@b ORCPT=rfc822;a@b", CommandError.BadParameter)]
    [InlineData("RCPT TO:<a@b> SIZE=10", CommandError.UnknownParameter)]
    [InlineData("RCPT TO:<a@b> BODY=8BITMIME", CommandError.UnknownParameter)]
    [InlineData("RCPT TO:<a@b> SMTPUTF8", CommandError.UnknownParameter)]
    [InlineData("RCPT TO:<a@b> =x", CommandError.UnknownParameter)]
    public void Parse_BadParameter_ReturnsExactError(string line, CommandError error)
    {
        Assert.Equal(error, Parse(line, out SmtpCommand command));
        Assert.True(command.Verb is SmtpVerb.Mail or SmtpVerb.Rcpt);
        Assert.Equal("a@b", Text(command.Path));
    }

    [Fact]
    public void Parse_EnvIdOver100_IsBadParameter() =>
        Assert.Equal(CommandError.BadParameter, Parse($"MAIL FROM:<a@b> ENVID={new string('e', 101)}", out _));
}
