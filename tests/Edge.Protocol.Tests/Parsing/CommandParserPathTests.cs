// CommandParser path tests: RFC 5321 4.1.2 reverse/forward paths (null path, Postmaster, source routes,
// dot-strings, quoted strings, domains, address literals), UTF-8 flagging and the 4.5.3.1 length limits.
using Edge.Protocol.Parsing;
using static Edge.Protocol.Tests.Parsing.ParseHelper;

namespace Edge.Protocol.Tests.Parsing;

public class CommandParserPathTests
{
    [Theory]
    [InlineData("MAIL FROM:<user@example.com>", "user@example.com")]
    [InlineData("MAIL FROM: <user@example.com>", "user@example.com")]
    [InlineData("MAIL FROM:   <user@example.com>", "user@example.com")]
    [InlineData("mail from:<user@example.com>", "user@example.com")]
    [InlineData("MAIL FROM:<first.last+tag@sub.example.com>", "first.last+tag@sub.example.com")]
    [InlineData("MAIL FROM:<!#$%&'*+-/=?^_`{|}~@example.com>", "!#$%&'*+-/=?^_`{|}~@example.com")]
    [InlineData("MAIL FROM:<\"john doe\"@example.com>", "\"john doe\"@example.com")]
    [InlineData("MAIL FROM:<\"a\\\"b\\\\c\"@example.com>", "\"a\\\"b\\\\c\"@example.com")]
    [InlineData("MAIL FROM:<\"a>b\"@example.com>", "\"a>b\"@example.com")]
    [InlineData("MAIL FROM:<user@x-1.example>", "user@x-1.example")]
    [InlineData("MAIL FROM:<user@localhost>", "user@localhost")]
    [InlineData("MAIL FROM:<user@[192.0.2.1]>", "user@[192.0.2.1]")]
    [InlineData("MAIL FROM:<user@[255.255.255.255]>", "user@[255.255.255.255]")]
    [InlineData("MAIL FROM:<user@[IPv6:2001:db8::1]>", "user@[IPv6:2001:db8::1]")]
    [InlineData("MAIL FROM:<user@[IPv6:::1]>", "user@[IPv6:::1]")]
    [InlineData("MAIL FROM:<user@[IPv6:2001:db8:0:0:0:0:0:1]>", "user@[IPv6:2001:db8:0:0:0:0:0:1]")]
    [InlineData("MAIL FROM:<user@[IPv6:::ffff:192.0.2.1]>", "user@[IPv6:::ffff:192.0.2.1]")]
    [InlineData("MAIL FROM:<user@[IPv6:1:2:3:4:5:6:192.0.2.1]>", "user@[IPv6:1:2:3:4:5:6:192.0.2.1]")]
    [InlineData("MAIL FROM:<user@[x-tag:some-content]>", "user@[x-tag:some-content]")]
    [InlineData("RCPT TO:<user@example.com>", "user@example.com")]
    [InlineData("RCPT TO: <user@example.com>", "user@example.com")]
    [InlineData("RCPT TO:<Postmaster>", "Postmaster")]
    [InlineData("RCPT TO:<postMASTER>", "postMASTER")]
    [InlineData("RCPT TO:<Postmaster@example.com>", "Postmaster@example.com")]
    public void Parse_ValidPath_SlicesMailbox(string line, string path)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(path, Text(command.Path));
        Assert.False(command.PathIsUtf8);
    }

    [Fact]
    public void Parse_NullReversePath_IsEmptyPath()
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<>", out SmtpCommand command));
        Assert.Equal(SmtpVerb.Mail, command.Verb);
        Assert.True(command.Path.IsEmpty);
        Assert.Equal("<>", Text(command.Argument));
    }

    [Fact]
    public void Parse_NullReversePathWithParameters_ParsesParameters()
    {
        Assert.Equal(CommandError.None, Parse("MAIL FROM:<> SIZE=10", out SmtpCommand command));
        Assert.True(command.Path.IsEmpty);
        Assert.Equal(10, command.Mail.Size);
    }

    [Theory]
    [InlineData("RCPT TO:<@a.example,@b.example:user@c.example>", "user@c.example")]
    [InlineData("RCPT TO:<@a.example:user@c.example>", "user@c.example")]
    [InlineData("MAIL FROM:<@[192.0.2.1],@b.example:user@c.example>", "user@c.example")]
    public void Parse_SourceRoute_IsStripped(string line, string path)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(path, Text(command.Path));
    }

    [Theory]
    [InlineData("MAIL FROM:<jöe@example.com>", "jöe@example.com")]
    [InlineData("RCPT TO:<user@bücher.example>", "user@bücher.example")]
    [InlineData("RCPT TO:<\"ü x\"@example.com>", "\"ü x\"@example.com")]
    public void Parse_Utf8Path_IsAcceptedAndFlagged(string line, string path)
    {
        Assert.Equal(CommandError.None, Parse(line, out SmtpCommand command));
        Assert.Equal(path, Text(command.Path));
        Assert.True(command.PathIsUtf8);
    }

    [Theory]
    [InlineData("MAIL FROM:user@example.com")]
    [InlineData("MAIL FROM:<user@example.com")]
    [InlineData("MAIL FROM:")]
    [InlineData("MAIL FROM")]
    [InlineData("MAIL")]
    [InlineData("MAIL TO:<a@b>")]
    [InlineData("MAIL FROM :<a@b>")]
    [InlineData("RCPT TO:user@example.com")]
    [InlineData("RCPT FROM:<a@b>")]
    [InlineData("RCPT TO:<>")]
    [InlineData("MAIL FROM:<Postmaster>")]
    [InlineData("RCPT TO:<Postmistress>")]
    [InlineData("MAIL FROM:<user>")]
    [InlineData("MAIL FROM:<@example.com>")]
    [InlineData("MAIL FROM:<user@>")]
    [InlineData("MAIL FROM:<.user@example.com>")]
    [InlineData("MAIL FROM:<user.@example.com>")]
    [InlineData("MAIL FROM:<us..er@example.com>")]
    [InlineData("MAIL FROM:<us er@example.com>")]
    [InlineData("MAIL FROM:<user@exa mple.com>")]
    [InlineData("MAIL FROM:<user@-example.com>")]
    [InlineData("MAIL FROM:<user@example-.com>")]
    [InlineData("MAIL FROM:<user@example..com>")]
    [InlineData("MAIL FROM:<user@example.com.>")]
    [InlineData("MAIL FROM:<user@.example.com>")]
    [InlineData("MAIL FROM:<user@exa_mple.com>")]
    [InlineData("MAIL FROM:<a@b@c>")]
    [InlineData("MAIL FROM:<\"unterminated@example.com>")]
    [InlineData("MAIL FROM:<\"bad\\\u0001\"@example.com>")]
    [InlineData("MAIL FROM:<user@[192.0.2.256]>")]
    [InlineData("MAIL FROM:<user@[192.0.2]>")]
    [InlineData("MAIL FROM:<user@[192.0.2.1.5]>")]
    [InlineData("MAIL FROM:<user@[0192.0.2.1]>")]
    [InlineData("MAIL FROM:<user@[IPv6:2001:db8:::1]>")]
    [InlineData("MAIL FROM:<user@[IPv6:1:2:3:4:5:6:7]>")]
    [InlineData("MAIL FROM:<user@[IPv6:1:2:3:4:5:6:7:8:9]>")]
    [InlineData("MAIL FROM:<user@[IPv6:1::2::3]>")]
    [InlineData("MAIL FROM:<user@[IPv6:12345::1]>")]
    [InlineData("MAIL FROM:<user@[IPv6:g::1]>")]
    [InlineData("MAIL FROM:<user@[IPv6:1:2:3:4:5:6:7::192.0.2.1]>")]
    [InlineData("MAIL FROM:<user@[]>")]
    [InlineData("MAIL FROM:<user@[x-tag:]>")]
    [InlineData("MAIL FROM:<user@[:content]>")]
    [InlineData("MAIL FROM:<user@[192.0.2.1>")]
    [InlineData("RCPT TO:<@a.example user@c.example>")]
    [InlineData("RCPT TO:<@a.example,user@c.example>")]
    [InlineData("RCPT TO:<@:user@c.example>")]
    [InlineData("MAIL FROM:<a@b>SIZE=10")]
    [InlineData("MAIL FROM:<a@b>>")]
    public void Parse_MalformedPath_IsBadArgumentWithVerbSet(string line)
    {
        Assert.Equal(CommandError.BadArgument, ParseVerb(line, out SmtpVerb verb));
        Assert.True(verb is SmtpVerb.Mail or SmtpVerb.Rcpt);
    }

    [Fact]
    public void Parse_LocalPartAt64_IsAccepted() =>
        Assert.Equal(CommandError.None, Parse($"MAIL FROM:<{new string('a', 64)}@example.com>", out _));

    [Fact]
    public void Parse_LocalPartOver64_IsPathTooLong() =>
        Assert.Equal(CommandError.PathTooLong, Parse($"MAIL FROM:<{new string('a', 65)}@example.com>", out _));

    [Fact]
    public void Parse_DomainOver255_IsPathTooLong()
    {
        string domain = string.Join('.', Enumerable.Repeat(new string('d', 50), 5)) + ".example"; // 262 octets
        Assert.Equal(CommandError.PathTooLong, Parse($"RCPT TO:<a@{domain}>", out SmtpCommand command));
        Assert.Equal(SmtpVerb.Rcpt, command.Verb);
    }

    [Fact]
    public void Parse_PathAt256_IsAccepted()
    {
        // 64 + 1 + 189 + 2 brackets = 256.
        string domain = new string('d', 60) + "." + new string('e', 60) + "." + new string('f', 67);
        Assert.Equal(CommandError.None, Parse($"MAIL FROM:<{new string('a', 64)}@{domain}>", out _));
    }

    [Fact]
    public void Parse_PathOver256_IsPathTooLong()
    {
        string domain = new string('d', 60) + "." + new string('e', 60) + "." + new string('f', 68);
        Assert.Equal(CommandError.PathTooLong, Parse($"MAIL FROM:<{new string('a', 64)}@{domain}>", out _));
    }

    [Fact]
    public void Parse_SourceRouteMakingPathOver256_IsPathTooLong()
    {
        string route = "@" + new string('r', 200) + ".example:";
        Assert.Equal(CommandError.PathTooLong, Parse($"RCPT TO:<{route}user@{new string('d', 60)}.example>", out _));
    }

    private static CommandError ParseVerb(string line, out SmtpVerb verb)
    {
        CommandError error = Parse(line, out SmtpCommand command);
        verb = command.Verb;
        return error;
    }
}
