// BackendCommandsTests: the commands sent to backends: canonical MAIL/RCPT parameters only when offered, AUTH=<>
// for unauthenticated clients, XFORWARD values xtext-encoded.
using System.Buffers;
using System.Net;
using System.Text;
using Edge.Gateway.Relay;
using Edge.Gateway.Transactions;
using Edge.Protocol.Parsing;

namespace Edge.Gateway.Tests.Relay;

public sealed class BackendCommandsTests
{
    private const BackendCapabilities All = BackendCapabilities.Size | BackendCapabilities.EightBitMime | BackendCapabilities.Dsn
        | BackendCapabilities.Auth | BackendCapabilities.SmtpUtf8;

    [Fact]
    public void WriteMail_AllOffered_EveryParameterCanonical()
    {
        using var envelope = Mail("MAIL FROM:<a@b.example> body=8bitmime size=12 ret=full envid=X+2B auth=<>\r\n");

        var line = Write(o => BackendCommands.WriteMail(o, envelope, Session(), All));

        Assert.Equal("MAIL FROM:<a@b.example> SIZE=12 BODY=8BITMIME RET=FULL ENVID=X+2B AUTH=<>\r\n", line);
    }

    [Fact]
    public void WriteMail_NothingOffered_OnlyThePath()
    {
        using var envelope = Mail("MAIL FROM:<a@b.example> BODY=8BITMIME SIZE=12 RET=FULL ENVID=X\r\n");

        var line = Write(o => BackendCommands.WriteMail(o, envelope, Session(), BackendCapabilities.None));

        Assert.Equal("MAIL FROM:<a@b.example>\r\n", line);
    }

    [Fact]
    public void WriteMail_UnauthenticatedClientClaimsIdentity_BackendToldEmptyAuth()
    {
        using var envelope = Mail("MAIL FROM:<a@b.example> AUTH=boss@b.example\r\n");

        var line = Write(o => BackendCommands.WriteMail(o, envelope, Session(), BackendCapabilities.Auth));

        Assert.Equal("MAIL FROM:<a@b.example> AUTH=<>\r\n", line);
    }

    [Fact]
    public void WriteMail_AuthenticatedClient_IdentityXTextEncoded()
    {
        using var envelope = Mail("MAIL FROM:<a@b.example>\r\n");
        var session = Session();
        session.AuthenticatedAs = "al=ice@b.example";

        var line = Write(o => BackendCommands.WriteMail(o, envelope, session, BackendCapabilities.Auth));

        Assert.Equal("MAIL FROM:<a@b.example> AUTH=al+3Dice@b.example\r\n", line);
    }

    [Fact]
    public void WriteMail_NullSender_EmptyPath()
    {
        using var envelope = Mail("MAIL FROM:<>\r\n");

        Assert.Equal("MAIL FROM:<>\r\n", Write(o => BackendCommands.WriteMail(o, envelope, Session(), All & ~BackendCapabilities.Auth)));
    }

    [Fact]
    public void WriteRecipient_DsnOffered_NotifyAndOrcpt()
    {
        using var envelope = Mail("MAIL FROM:<a@b.example>\r\n");
        AddRecipient(envelope, "RCPT TO:<c@d.example> NOTIFY=DELAY,SUCCESS ORCPT=rfc822;c@d.example\r\n");

        Assert.Equal("RCPT TO:<c@d.example> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;c@d.example\r\n", Write(o => BackendCommands.WriteRecipient(o, envelope, 0, All)));
        Assert.Equal("RCPT TO:<c@d.example>\r\n", Write(o => BackendCommands.WriteRecipient(o, envelope, 0, BackendCapabilities.None)));
    }

    [Fact]
    public void WriteXForward_OnlyListedAttributes_ValuesEncoded()
    {
        var session = Session();
        session.Client = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 40000);
        session.Helo = "bad name=x";
        session.Extended = true;

        var all = Write(o => BackendCommands.WriteXForward(o, session, XForwardAttributes.Name | XForwardAttributes.Addr | XForwardAttributes.Port | XForwardAttributes.Proto | XForwardAttributes.Helo));
        var some = Write(o => BackendCommands.WriteXForward(o, session, XForwardAttributes.Addr));

        Assert.Equal("XFORWARD NAME=[UNAVAILABLE] ADDR=192.0.2.7 PORT=40000 PROTO=ESMTP HELO=bad+20name+3Dx\r\n", all);
        Assert.Equal("XFORWARD ADDR=192.0.2.7\r\n", some);
    }

    [Fact]
    public void WriteXForward_IPv6AndHugeHelo_PrefixedAndUnavailable()
    {
        var session = Session();
        session.Client = new IPEndPoint(IPAddress.Parse("2001:db8::5"), 25);
        session.Helo = new string('+', 400);

        var line = Write(o => BackendCommands.WriteXForward(o, session, XForwardAttributes.Addr | XForwardAttributes.Helo | XForwardAttributes.Proto));

        Assert.Equal("XFORWARD ADDR=IPV6:2001:db8::5 PROTO=SMTP HELO=[UNAVAILABLE]\r\n", line);
    }

    private static SessionInfo Session() => new() { ConnectionId = "c1", ListenerName = "mx" };

    private static Envelope Mail(string line)
    {
        var envelope = new Envelope();
        var bytes = Encoding.ASCII.GetBytes(line);
        var command = Parse(bytes);
        envelope.Begin(command);
        return envelope;
    }

    private static void AddRecipient(Envelope envelope, string line)
    {
        var command = Parse(Encoding.ASCII.GetBytes(line));
        envelope.AddRecipient(command);
    }

    private static SmtpCommand Parse(byte[] line)
    {
        Assert.Equal(CommandError.None, CommandParser.Parse(line.AsSpan(0, line.Length - 2), out var command));
        return command;
    }

    private static string Write(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }
}
