using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;
using Edge.Protocol.Session;

namespace Edge.Protocol.Tests.Session;

public class SmtpSessionTests
{
    private static SessionSettings Mx(bool startTls = true) => new() { Hostname = "mx.test", StartTlsAvailable = startTls, MaxRecipients = 3, MaxMessageSize = 1000 };

    private static Decision Run(SmtpSession session, SmtpVerb verb) => session.Process(new SmtpCommand { Verb = verb });

    private static Decision Mail(SmtpSession session, MailParameters parameters = default, bool utf8 = false, string parameterText = "")
    {
        var command = new SmtpCommand { Verb = SmtpVerb.Mail, Path = "a@b.test"u8, PathIsUtf8 = utf8, Mail = parameters, ParameterText = System.Text.Encoding.ASCII.GetBytes(parameterText) };
        var decision = session.Process(command);
        if (decision.Action == SessionAction.Mail)
        {
            session.MailAccepted(parameters);
        }

        return decision;
    }

    private static Decision Rcpt(SmtpSession session, bool accept = true, bool utf8 = false)
    {
        var decision = session.Process(new SmtpCommand { Verb = SmtpVerb.Rcpt, Path = "c@d.test"u8, PathIsUtf8 = utf8 });
        if (decision.Action == SessionAction.Recipient)
        {
            if (accept) { session.RecipientAccepted(); } else { session.RecipientRefused(); }
        }

        return decision;
    }

    private static SmtpSession Greeted(SessionSettings? settings = null, bool tls = false)
    {
        var session = new SmtpSession(settings ?? Mx(), tls);
        Assert.Equal(SessionAction.Reply, Run(session, SmtpVerb.Ehlo).Action);
        return session;
    }

    [Fact]
    public void Process_MailBeforeHelo_503()
    {
        var session = new SmtpSession(Mx());
        var decision = Mail(session);
        Assert.Same(SmtpReplies.SendHeloFirst, decision.Reply);
        Assert.Equal(SessionState.AwaitingHelo, session.State);
    }

    [Fact]
    public void Process_FullTransaction_ActionsInOrder()
    {
        var session = Greeted();
        Assert.Equal(SessionAction.Mail, Mail(session).Action);
        Assert.Equal(SessionState.MailGiven, session.State);
        Assert.Equal(SessionAction.Recipient, Rcpt(session).Action);
        Assert.Equal(SessionState.RecipientGiven, session.State);
        Assert.Equal(SessionAction.Data, Run(session, SmtpVerb.Data).Action);
        session.DataStarted();
        Assert.Equal(SessionState.ReceivingData, session.State);
        session.TransactionEnded(delivered: true);
        Assert.Equal(SessionState.Ready, session.State);
        Assert.Equal(1, session.TransactionCount);
    }

    [Fact]
    public void Process_NestedMail_503()
    {
        var session = Greeted();
        Mail(session);
        Assert.Same(SmtpReplies.NestedMail, Mail(session).Reply);
    }

    [Fact]
    public void Process_RcptWithoutMail_503()
    {
        var session = Greeted();
        Assert.Same(SmtpReplies.NeedMail, Rcpt(session).Reply);
    }

    [Fact]
    public void Process_DataWithoutRecipients_503ThenAfterRefusal554()
    {
        var session = Greeted();
        Mail(session);
        Assert.Same(SmtpReplies.NeedRecipient, Run(session, SmtpVerb.Data).Reply);
        Rcpt(session, accept: false);
        Assert.Same(SmtpReplies.NoValidRecipients, Run(session, SmtpVerb.Data).Reply);
    }

    [Fact]
    public void Process_TooManyRecipients_452AndNotAnError()
    {
        var session = Greeted();
        Mail(session);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SessionAction.Recipient, Rcpt(session).Action);
        }

        Assert.Same(SmtpReplies.TooManyRecipients, Rcpt(session).Reply);
        Assert.Equal(0, session.ErrorCount);
    }

    [Fact]
    public void Process_SizeAboveLimit_552()
    {
        var session = Greeted();
        Assert.Same(SmtpReplies.MessageTooBig, Mail(session, new MailParameters { Size = 1001 }).Reply);
        Assert.Equal(SessionAction.Mail, Mail(session, new MailParameters { Size = 1000 }).Action);
    }

    [Fact]
    public void Process_Utf8PathWithoutSmtpUtf8_553()
    {
        var session = Greeted();
        Assert.Same(SmtpReplies.NonAsciiAddress, Mail(session, utf8: true).Reply);
        Assert.Equal(SessionAction.Mail, Mail(session, new MailParameters { SmtpUtf8 = true }, utf8: true).Action);
        Assert.Equal(SessionAction.Recipient, Rcpt(session, utf8: true).Action);
    }

    [Fact]
    public void Process_Utf8RecipientInAsciiTransaction_553()
    {
        var session = Greeted();
        Mail(session);
        Assert.Same(SmtpReplies.NonAsciiAddress, Rcpt(session, utf8: true).Reply);
    }

    [Fact]
    public void Process_ParametersAfterHelo_555()
    {
        var session = new SmtpSession(Mx());
        Run(session, SmtpVerb.Helo);
        Assert.Same(SmtpReplies.UnknownParameter, Mail(session, new MailParameters { Size = 10 }, parameterText: "SIZE=10").Reply);
    }

    [Fact]
    public void Process_RequireTlsWithoutTls_550_5_7_30()
    {
        var session = Greeted();
        var decision = Mail(session, new MailParameters { RequireTls = true });
        Assert.Same(SmtpReplies.RequireTlsUnavailable, decision.Reply);
        Assert.Equal("5.7.30", decision.Reply!.EnhancedStatus);
    }

    [Fact]
    public void Process_RequireTlsOnTlsWithVerifiedHop_Accepted()
    {
        var settings = new SessionSettings { Hostname = "mx.test", RequireTlsAvailable = true };
        var session = Greeted(settings, tls: true);
        Assert.Equal(SessionAction.Mail, Mail(session, new MailParameters { RequireTls = true }).Action);
        Assert.True(session.RequireTls);
    }

    [Fact]
    public void Process_BinaryMimeNotAdvertised_504()
    {
        var session = Greeted();
        Assert.Same(SmtpReplies.BinaryMimeUnsupported, Mail(session, new MailParameters { Body = BodyType.BinaryMime }).Reply);
    }

    [Fact]
    public void Process_StartTls_ReplyAndActionThenReset()
    {
        var session = Greeted();
        Mail(session);
        var decision = Run(session, SmtpVerb.StartTls);
        Assert.Equal(SessionAction.StartTls, decision.Action);
        Assert.Same(SmtpReplies.ReadyToStartTls, decision.Reply);
        Assert.True(decision.AbortsTransaction);
        session.TlsStarted();
        Assert.True(session.IsTls);
        Assert.Equal(SessionState.AwaitingHelo, session.State);
        Assert.False(session.IsExtended);
        Assert.Same(SmtpReplies.SendHeloFirst, Mail(session).Reply);
    }

    [Fact]
    public void Process_SecondStartTls_503()
    {
        var session = Greeted();
        Run(session, SmtpVerb.StartTls);
        session.TlsStarted();
        Assert.Same(SmtpReplies.TlsAlreadyActive, Run(session, SmtpVerb.StartTls).Reply);
    }

    [Fact]
    public void Process_StartTlsNotOffered_502()
    {
        var session = Greeted(Mx(startTls: false));
        Assert.Same(SmtpReplies.NotImplemented, Run(session, SmtpVerb.StartTls).Reply);
    }

    [Fact]
    public void Process_TlsRequired_MailBefore530_NoopAllowed()
    {
        var settings = new SessionSettings { Hostname = "mx.test", StartTlsAvailable = true, TlsRequired = true };
        var session = Greeted(settings);
        Assert.Same(SmtpReplies.MustStartTls, Mail(session).Reply);
        Assert.Same(SmtpReplies.Ok, Run(session, SmtpVerb.Noop).Reply);
        var bdat = session.Process(new SmtpCommand { Verb = SmtpVerb.Bdat, ChunkSize = 10 });
        Assert.Equal(SessionAction.DiscardChunk, bdat.Action);
    }

    [Fact]
    public void EhloReply_StartTlsOnlyBeforeTls_AuthOnlyAfter()
    {
        var settings = new SessionSettings { Hostname = "mx.test", StartTlsAvailable = true, AuthAvailable = true, MaxMessageSize = 1234 };
        var plain = settings.EhloReply(tls: false).ToString();
        var tls = settings.EhloReply(tls: true).ToString();
        Assert.DoesNotContain("AUTH", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTTLS", tls, StringComparison.Ordinal);
        Assert.Contains("AUTH PLAIN LOGIN", tls, StringComparison.Ordinal);
        Assert.StartsWith("250-mx.test\r\n250-PIPELINING\r\n250-SIZE 1234\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n250-DSN\r\n", plain, StringComparison.Ordinal);
        Assert.EndsWith("250 STARTTLS\r\n", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_RsetInTransaction_AbortsAndReady()
    {
        var session = Greeted();
        Mail(session);
        Rcpt(session);
        var decision = Run(session, SmtpVerb.Rset);
        Assert.True(decision.AbortsTransaction);
        Assert.Equal(SessionState.Ready, session.State);
        Assert.Equal(0, session.RecipientCount);
    }

    [Fact]
    public void Process_EhloInTransaction_Aborts()
    {
        var session = Greeted();
        Mail(session);
        Assert.True(Run(session, SmtpVerb.Ehlo).AbortsTransaction);
        Assert.Equal(SessionState.Ready, session.State);
    }

    [Fact]
    public void Process_Quit_221AndClose()
    {
        var session = Greeted();
        var decision = Run(session, SmtpVerb.Quit);
        Assert.Equal(SessionAction.Close, decision.Action);
        Assert.Same(SmtpReplies.Bye, decision.Reply);
        Assert.Equal(SessionState.Closed, session.State);
    }

    [Fact]
    public void Process_ErrorsBeyondLimit_421Close()
    {
        var session = new SmtpSession(new SessionSettings { Hostname = "mx.test", MaxErrors = 3 });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SessionAction.Reply, session.ProcessError(CommandError.SyntaxError, SmtpVerb.Unknown).Action);
        }

        var last = session.ProcessError(CommandError.SyntaxError, SmtpVerb.Unknown);
        Assert.Equal(SessionAction.Close, last.Action);
        Assert.Same(SmtpReplies.TooManyErrors, last.Reply);
    }

    [Fact]
    public void Process_JunkBeyondLimit_421Close_ResetByDelivery()
    {
        var session = new SmtpSession(new SessionSettings { Hostname = "mx.test", MaxJunkCommands = 2 });
        Run(session, SmtpVerb.Ehlo);
        Run(session, SmtpVerb.Noop);
        Run(session, SmtpVerb.Noop);
        Mail(session);
        Rcpt(session);
        Run(session, SmtpVerb.Data);
        session.DataStarted();
        session.TransactionEnded(delivered: true);
        Assert.Equal(SessionAction.Reply, Run(session, SmtpVerb.Noop).Action);
        Assert.Equal(SessionAction.Reply, Run(session, SmtpVerb.Noop).Action);
        var decision = Run(session, SmtpVerb.Noop);
        Assert.Equal(SessionAction.Close, decision.Action);
        Assert.Same(SmtpReplies.TooManyJunkCommands, decision.Reply);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Process_RsetAfterRefusedRecipient_JunkOnlyWhenTheRefusalWasPermanent(bool temporary, bool closes)
    {
        // A 4xx refusal (the relay has no backend) is the server's trouble: resetting that transaction is not junk,
        // while RSET after 5xx refusals (probing for addresses) still counts.
        var session = new SmtpSession(new SessionSettings { Hostname = "mx.test", MaxJunkCommands = 3 });
        Run(session, SmtpVerb.Ehlo);
        Decision last = default;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(SessionAction.Mail, Mail(session).Action);
            Assert.Equal(SessionAction.Recipient, session.Process(new SmtpCommand { Verb = SmtpVerb.Rcpt, Path = "c@d.test"u8 }).Action);
            session.RecipientRefused(temporary);
            last = Run(session, SmtpVerb.Rset);
            if (last.Action == SessionAction.Close)
            {
                break;
            }
        }

        Assert.Equal(closes ? SessionAction.Close : SessionAction.Reply, last.Action);
        Assert.Equal(closes ? SmtpReplies.TooManyJunkCommands : SmtpReplies.Ok, last.Reply);
        Assert.Equal(closes ? 4 : 0, session.JunkCount);
        Assert.False(session.TemporaryRefusal); // cleared with the transaction
    }

    [Theory]
    [InlineData(CommandError.SyntaxError, SmtpVerb.Unknown, 500, "5.5.2")]
    [InlineData(CommandError.BadArgument, SmtpVerb.Helo, 501, "5.5.4")]
    [InlineData(CommandError.BadArgument, SmtpVerb.Mail, 501, "5.1.7")]
    [InlineData(CommandError.BadArgument, SmtpVerb.Rcpt, 501, "5.1.3")]
    [InlineData(CommandError.PathTooLong, SmtpVerb.Rcpt, 501, "5.1.3")]
    [InlineData(CommandError.UnsupportedParameterValue, SmtpVerb.Mail, 504, "5.5.4")]
    [InlineData(CommandError.UnknownParameter, SmtpVerb.Mail, 555, "5.5.4")]
    [InlineData(CommandError.BadParameter, SmtpVerb.Mail, 501, "5.5.4")]
    [InlineData(CommandError.BadNumber, SmtpVerb.Mail, 501, "5.5.4")]
    public void ProcessError_MapsToExactReply(CommandError error, SmtpVerb verb, int code, string status)
    {
        var session = Greeted();
        var decision = session.ProcessError(error, verb);
        Assert.Equal(SessionAction.Reply, decision.Action);
        Assert.Equal(code, decision.Reply!.Code);
        Assert.Equal(status, decision.Reply.EnhancedStatus);
    }

    [Fact]
    public void ProcessError_BadBdat_ClosesBecauseChunkCannotBeSkipped()
    {
        var session = Greeted();
        var decision = session.ProcessError(CommandError.BadNumber, SmtpVerb.Bdat);
        Assert.Equal(SessionAction.Close, decision.Action);
        Assert.Equal(SessionState.Closed, session.State);
    }

    [Fact]
    public void ProcessLineTooLong_500_5_5_2()
    {
        var decision = Greeted().ProcessLineTooLong();
        Assert.Same(SmtpReplies.LineTooLong, decision.Reply);
    }

    [Fact]
    public void Process_BdatSequence_ChunksThenLast()
    {
        var session = Greeted();
        Mail(session);
        Rcpt(session);
        var first = session.Process(new SmtpCommand { Verb = SmtpVerb.Bdat, ChunkSize = 400 });
        Assert.Equal(SessionAction.Chunk, first.Action);
        session.ChunkReceived(400, last: false);
        Assert.Equal(SessionState.ReceivingChunks, session.State);
        Assert.Same(SmtpReplies.BdatExpected, Mail(session).Reply);
        Assert.Same(SmtpReplies.BdatExpected, Run(session, SmtpVerb.Data).Reply);
        var last = session.Process(new SmtpCommand { Verb = SmtpVerb.Bdat, ChunkSize = 600, LastChunk = true });
        Assert.Equal(SessionAction.Chunk, last.Action);
        session.ChunkReceived(600, last: true);
        session.TransactionEnded(delivered: true);
        Assert.Equal(SessionState.Ready, session.State);
    }

    [Fact]
    public void Process_BdatOverSize_DiscardAnd552_TransactionOver()
    {
        var session = Greeted();
        Mail(session);
        Rcpt(session);
        session.Process(new SmtpCommand { Verb = SmtpVerb.Bdat, ChunkSize = 900 });
        session.ChunkReceived(900, last: false);
        var decision = session.Process(new SmtpCommand { Verb = SmtpVerb.Bdat, ChunkSize = 101 });
        Assert.Equal(SessionAction.DiscardChunk, decision.Action);
        Assert.Same(SmtpReplies.MessageTooBig, decision.Reply);
        Assert.True(decision.AbortsTransaction);
        Assert.Equal(SessionState.Ready, session.State);
        var next = session.Process(new SmtpCommand { Verb = SmtpVerb.Bdat, ChunkSize = 5, LastChunk = true });
        Assert.Equal(SessionAction.DiscardChunk, next.Action);
        Assert.Same(SmtpReplies.NeedMail, next.Reply);
    }

    [Fact]
    public void Process_DataWithBinaryMime_503()
    {
        var settings = new SessionSettings { Hostname = "mx.test", BaseKeywords = EhloKeywords.Chunking | EhloKeywords.BinaryMime };
        var session = Greeted(settings);
        Mail(session, new MailParameters { Body = BodyType.BinaryMime });
        Rcpt(session);
        Assert.Same(SmtpReplies.BinaryMimeNeedsBdat, Run(session, SmtpVerb.Data).Reply);
    }

    [Fact]
    public void Process_Auth_OnlyAfterTlsAndKnownMechanism()
    {
        var settings = new SessionSettings { Hostname = "mx.test", AuthAvailable = true, AuthRequired = true, StartTlsAvailable = true };
        var plain = Greeted(settings);
        Assert.Same(SmtpReplies.AuthNotAvailable, plain.Process(new SmtpCommand { Verb = SmtpVerb.Auth, AuthMechanism = "PLAIN"u8 }).Reply);
        var tls = Greeted(settings, tls: true);
        Assert.Same(SmtpReplies.AuthenticationRequired, Mail(tls).Reply);
        Assert.Same(SmtpReplies.UnknownAuthMechanism, tls.Process(new SmtpCommand { Verb = SmtpVerb.Auth, AuthMechanism = "CRAM-MD5"u8 }).Reply);
        var decision = tls.Process(new SmtpCommand { Verb = SmtpVerb.Auth, AuthMechanism = "plain"u8 });
        Assert.Equal(SessionAction.Authenticate, decision.Action);
        tls.AuthenticationEnded(success: true);
        Assert.True(tls.IsAuthenticated);
        Assert.Equal(SessionAction.Mail, Mail(tls).Action);
        Assert.Same(SmtpReplies.AlreadyAuthenticated, tls.Process(new SmtpCommand { Verb = SmtpVerb.Auth, AuthMechanism = "PLAIN"u8 }).Reply);
    }

    [Fact]
    public void Process_VrfyExpnHelp_Replies()
    {
        var session = Greeted();
        Assert.Equal(252, Run(session, SmtpVerb.Vrfy).Reply!.Code);
        Assert.Equal(502, Run(session, SmtpVerb.Expn).Reply!.Code);
        Assert.Equal(214, Run(session, SmtpVerb.Help).Reply!.Code);
    }

    [Theory]
    [InlineData(SmtpVerb.Ehlo, true)]
    [InlineData(SmtpVerb.Data, true)]
    [InlineData(SmtpVerb.Quit, true)]
    [InlineData(SmtpVerb.Noop, true)]
    [InlineData(SmtpVerb.StartTls, true)]
    [InlineData(SmtpVerb.Mail, false)]
    [InlineData(SmtpVerb.Rcpt, false)]
    [InlineData(SmtpVerb.Rset, false)]
    public void CommandTable_EndsPipelineGroup_Rfc2920(SmtpVerb verb, bool ends)
    {
        Assert.Equal(ends, CommandTable.Has(verb, CommandTraits.EndsPipelineGroup));
    }
}
