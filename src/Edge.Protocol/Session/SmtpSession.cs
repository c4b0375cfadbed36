// SmtpSession: the pure SMTP state machine of one connection. Given a parsed command it decides the reply
// and the action; the gateway does the I/O and reports outcomes back (MailAccepted, ChunkReceived, …).
// Sequence rules follow RFC 5321 3.3/4.1.4, STARTTLS RFC 3207 4.2, BDAT RFC 3030, AUTH RFC 4954.
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;

namespace Edge.Protocol.Session;

/// <summary>One session's protocol state. Not thread-safe: one connection, one read loop.</summary>
public sealed partial class SmtpSession
{
    /// <summary>Creates the state of a new connection. <paramref name="tlsActive"/> is true on implicit-TLS listeners.</summary>
    public SmtpSession(SessionSettings settings, bool tlsActive = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        IsTls = tlsActive;
    }

    /// <summary>The listener's settings.</summary>
    public SessionSettings Settings { get; }

    /// <summary>The current state.</summary>
    public SessionState State { get; private set; }

    /// <summary>TLS is active (implicit, or after STARTTLS).</summary>
    public bool IsTls { get; private set; }

    /// <summary>The client used EHLO (ESMTP) rather than HELO.</summary>
    public bool IsExtended { get; private set; }

    /// <summary>AUTH succeeded in this TLS session.</summary>
    public bool IsAuthenticated { get; private set; }

    /// <summary>Protocol errors so far.</summary>
    public int ErrorCount { get; private set; }

    /// <summary>A recipient of the open transaction was refused with a 4xx (see <see cref="RecipientRefused"/>).</summary>
    public bool TemporaryRefusal { get; private set; }

    /// <summary>Junk commands since the last delivered message.</summary>
    public int JunkCount { get; private set; }

    /// <summary>Transactions completed (accepted or not) in this session.</summary>
    public int TransactionCount { get; private set; }

    /// <summary>Recipients accepted in the current transaction.</summary>
    public int RecipientCount { get; private set; }

    /// <summary>Recipients refused in the current transaction.</summary>
    public int RefusedRecipientCount { get; private set; }

    /// <summary>The current transaction's BODY=.</summary>
    public BodyType Body { get; private set; }

    /// <summary>The current transaction carries SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; private set; }

    /// <summary>The current transaction asked for REQUIRETLS.</summary>
    public bool RequireTls { get; private set; }

    /// <summary>SIZE= declared by the current transaction, or -1.</summary>
    public long DeclaredSize { get; private set; } = -1;

    /// <summary>BDAT octets received so far in the current transaction.</summary>
    public long ChunkedOctets { get; private set; }

    /// <summary>A transaction is open (MAIL accepted and not yet ended).</summary>
    public bool InTransaction => State is SessionState.MailGiven or SessionState.RecipientGiven or SessionState.ReceivingData or SessionState.ReceivingChunks;

    /// <summary>Decides what to do with a well-formed command.</summary>
    public Decision Process(scoped in SmtpCommand command)
    {
        if (State == SessionState.Closed)
        {
            return Decision.SendAndClose(SmtpReplies.Bye);
        }

        var verb = command.Verb;
        if (CommandTable.Has(verb, CommandTraits.CountsAsJunk) && !(verb == SmtpVerb.Rset && TemporaryRefusal)
            && ++JunkCount > Settings.MaxJunkCommands)
        {
            return Close(SmtpReplies.TooManyJunkCommands);
        }

        if (State == SessionState.ReceivingChunks && verb is not (SmtpVerb.Bdat or SmtpVerb.Rset or SmtpVerb.Noop or SmtpVerb.Quit))
        {
            return Error(SmtpReplies.BdatExpected);
        }

        if (Settings.TlsRequired && !IsTls && !CommandTable.Has(verb, CommandTraits.PreTls))
        {
            return verb == SmtpVerb.Bdat ? ErrorDiscard(SmtpReplies.MustStartTls) : Error(SmtpReplies.MustStartTls);
        }

        return verb switch
        {
            SmtpVerb.Ehlo => Hello(extended: true),
            SmtpVerb.Helo => Hello(extended: false),
            SmtpVerb.Mail => Mail(command),
            SmtpVerb.Rcpt => Recipient(command),
            SmtpVerb.Data => Data(),
            SmtpVerb.Bdat => Chunk(command),
            SmtpVerb.Rset => Reset(),
            SmtpVerb.Noop => Decision.Send(SmtpReplies.Ok),
            SmtpVerb.Quit => Close(SmtpReplies.Bye),
            SmtpVerb.Vrfy => Decision.Send(SmtpReplies.CannotVerify),
            SmtpVerb.Expn => Error(SmtpReplies.NotImplemented),
            SmtpVerb.Help => Decision.Send(SmtpReplies.Help),
            SmtpVerb.StartTls => StartTls(),
            SmtpVerb.Auth => Auth(command),
            _ => Error(SmtpReplies.SyntaxError),
        };
    }

    /// <summary>Decides for a parsed line: <see cref="Process"/> when well formed, <see cref="ProcessError"/> otherwise.</summary>
    public Decision Decide(CommandError error, scoped in SmtpCommand command) =>
        error == CommandError.None ? Process(command) : ProcessError(error, command.Verb);

    /// <summary>Decides the reply to a command line the parser refused. For BDAT the chunk must still be discarded.</summary>
    public Decision ProcessError(CommandError error, SmtpVerb verb)
    {
        if (CommandTable.Has(verb, CommandTraits.CountsAsJunk) || verb == SmtpVerb.Unknown)
        {
            JunkCount++;
        }

        var reply = error switch
        {
            CommandError.SyntaxError => SmtpReplies.SyntaxError,
            CommandError.BadArgument when verb == SmtpVerb.Mail => SmtpReplies.BadSenderSyntax,
            CommandError.BadArgument when verb == SmtpVerb.Rcpt => SmtpReplies.BadRecipientSyntax,
            CommandError.PathTooLong when verb == SmtpVerb.Mail => SmtpReplies.BadSenderSyntax,
            CommandError.PathTooLong => SmtpReplies.BadRecipientSyntax,
            CommandError.UnsupportedParameterValue => SmtpReplies.UnsupportedParameterValue,
            CommandError.UnknownParameter => SmtpReplies.UnknownParameter,
            CommandError.BadParameter => SmtpReplies.BadParameter,
            CommandError.BadNumber => SmtpReplies.BadNumber,
            _ => SmtpReplies.BadArgument,
        };

        if (verb == SmtpVerb.Bdat)
        {
            // SECURITY: a BDAT whose size cannot be read cannot be skipped: the octets that follow are message content
            // and must never be read as commands. Answer and close.
            ErrorCount++;
            return Close(reply);
        }

        return Error(reply);
    }

    /// <summary>Decides the reply to an over-long command line (reported once per line by the line reader).</summary>
    public Decision ProcessLineTooLong() => Error(SmtpReplies.LineTooLong);

    private Decision Hello(bool extended)
    {
        var aborts = InTransaction;
        ResetTransaction();
        IsExtended = extended;
        State = SessionState.Ready;
        return new Decision(SessionAction.Reply, extended ? Settings.EhloReply(IsTls) : Settings.HeloReply, aborts);
    }

    private Decision Reset()
    {
        var aborts = InTransaction;
        ResetTransaction();
        if (State != SessionState.AwaitingHelo)
        {
            State = SessionState.Ready;
        }

        return new Decision(SessionAction.Reply, SmtpReplies.Ok, aborts);
    }

    private Decision StartTls()
    {
        if (IsTls)
        {
            return Error(SmtpReplies.TlsAlreadyActive);
        }

        if (!Settings.StartTlsAvailable)
        {
            return Error(SmtpReplies.NotImplemented);
        }

        var aborts = InTransaction;
        return new Decision(SessionAction.StartTls, SmtpReplies.ReadyToStartTls, aborts);
    }

    private Decision Auth(scoped in SmtpCommand command)
    {
        if (!Settings.AuthAvailable || !IsTls)
        {
            return Error(SmtpReplies.AuthNotAvailable);
        }

        if (State == SessionState.AwaitingHelo)
        {
            return Error(SmtpReplies.SendHeloFirst);
        }

        if (IsAuthenticated)
        {
            return Error(SmtpReplies.AlreadyAuthenticated);
        }

        if (InTransaction)
        {
            return Error(SmtpReplies.AuthInTransaction);
        }

        if (!Settings.OffersMechanism(command.AuthMechanism))
        {
            return Error(SmtpReplies.UnknownAuthMechanism);
        }

        State = SessionState.Authenticating;
        return new Decision(SessionAction.Authenticate, null);
    }

    private Decision Close(SmtpReply reply)
    {
        var aborts = InTransaction;
        State = SessionState.Closed;
        return new Decision(SessionAction.Close, reply, aborts);
    }

    private Decision Error(SmtpReply reply)
    {
        if (++ErrorCount > Settings.MaxErrors)
        {
            return Close(SmtpReplies.TooManyErrors);
        }

        return Decision.Send(reply);
    }

    private Decision ErrorDiscard(SmtpReply reply)
    {
        if (++ErrorCount > Settings.MaxErrors)
        {
            // The chunk is still read and dropped before the 421, so the reply is not lost in the client's data.
            State = SessionState.Closed;
            return new Decision(SessionAction.DiscardChunk, SmtpReplies.TooManyErrors, true);
        }

        return new Decision(SessionAction.DiscardChunk, reply);
    }

    private void ResetTransaction()
    {
        RecipientCount = 0;
        RefusedRecipientCount = 0;
        TemporaryRefusal = false;
        Body = BodyType.Unspecified;
        SmtpUtf8 = false;
        RequireTls = false;
        DeclaredSize = -1;
        ChunkedOctets = 0;
    }
}
