// SmtpSession, transaction half: MAIL, RCPT, DATA, BDAT, and the outcomes the gateway reports back.
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;

namespace Edge.Protocol.Session;

public sealed partial class SmtpSession
{
    /// <summary>The sink/relay accepted MAIL: the transaction is open.</summary>
    public void MailAccepted(scoped in MailParameters parameters)
    {
        ResetTransaction();
        Body = parameters.Body;
        SmtpUtf8 = parameters.SmtpUtf8;
        RequireTls = parameters.RequireTls;
        DeclaredSize = parameters.Size;
        State = SessionState.MailGiven;
    }

    /// <summary>The sink/relay accepted a recipient.</summary>
    public void RecipientAccepted()
    {
        RecipientCount++;
        State = SessionState.RecipientGiven;
    }

    /// <summary>
    /// The sink/relay or policy refused a recipient (the transaction stays open). A <paramref name="temporary"/> (4xx)
    /// refusal is the server's trouble (e.g. no backend reachable), not the client's: the RSET that ends such a
    /// transaction is not counted as a junk command.
    /// </summary>
    public void RecipientRefused(bool temporary = false)
    {
        RefusedRecipientCount++;
        TemporaryRefusal |= temporary;
    }

    /// <summary>354 was sent: content follows.</summary>
    public void DataStarted() => State = SessionState.ReceivingData;

    /// <summary>A BDAT chunk of <paramref name="size"/> octets was read into the transaction.</summary>
    public void ChunkReceived(long size, bool last)
    {
        ChunkedOctets += size;
        State = last ? SessionState.RecipientGiven : SessionState.ReceivingChunks;
    }

    /// <summary>
    /// The transaction ended (final reply sent after DATA or BDAT LAST, whatever the verdict, or the sink failed):
    /// back to <see cref="SessionState.Ready"/>. A delivered message clears the junk counter.
    /// </summary>
    public void TransactionEnded(bool delivered)
    {
        ResetTransaction();
        TransactionCount++;
        if (delivered)
        {
            JunkCount = 0;
        }

        if (State != SessionState.Closed)
        {
            State = SessionState.Ready;
        }
    }

    /// <summary>The TLS handshake after STARTTLS succeeded: everything learnt before is forgotten (RFC 3207 4.2).</summary>
    public void TlsStarted()
    {
        ResetTransaction();
        IsTls = true;
        IsExtended = false;
        IsAuthenticated = false;
        State = SessionState.AwaitingHelo;
    }

    /// <summary>The SASL exchange ended; <paramref name="success"/> says whether the client is now authenticated.</summary>
    public void AuthenticationEnded(bool success)
    {
        IsAuthenticated |= success;
        if (State == SessionState.Authenticating)
        {
            State = SessionState.Ready;
        }

        if (!success)
        {
            ErrorCount++;
        }
    }

    /// <summary>Marks the session closed (timeouts, shutdown, transport errors).</summary>
    public void Close() => State = SessionState.Closed;

    private Decision Mail(scoped in SmtpCommand command)
    {
        if (State == SessionState.AwaitingHelo)
        {
            return Error(SmtpReplies.SendHeloFirst);
        }

        if (InTransaction)
        {
            return Error(SmtpReplies.NestedMail);
        }

        if (Settings.AuthRequired && !IsAuthenticated)
        {
            return Error(SmtpReplies.AuthenticationRequired);
        }

        var parameters = command.Mail;
        if (!IsExtended && !command.ParameterText.IsEmpty)
        {
            // RFC 5321 4.1.1.11 / 2.2.1: ESMTP parameters only after EHLO.
            return Error(SmtpReplies.UnknownParameter);
        }

        if (parameters.Body == BodyType.BinaryMime && (Settings.BaseKeywords & EhloKeywords.BinaryMime) == 0)
        {
            return Error(SmtpReplies.BinaryMimeUnsupported);
        }

        if (command.PathIsUtf8 && !parameters.SmtpUtf8)
        {
            return Error(SmtpReplies.NonAsciiAddress);
        }

        if (parameters.RequireTls && !(IsTls && Settings.RequireTlsAvailable))
        {
            return Error(SmtpReplies.RequireTlsUnavailable);
        }

        if (Settings.MaxMessageSize > 0 && parameters.Size > Settings.MaxMessageSize)
        {
            return Decision.Send(SmtpReplies.MessageTooBig);
        }

        return new Decision(SessionAction.Mail, null);
    }

    private Decision Recipient(scoped in SmtpCommand command)
    {
        if (State is not (SessionState.MailGiven or SessionState.RecipientGiven))
        {
            return Error(State == SessionState.AwaitingHelo ? SmtpReplies.SendHeloFirst : SmtpReplies.NeedMail);
        }

        if (!IsExtended && !command.ParameterText.IsEmpty)
        {
            return Error(SmtpReplies.UnknownParameter);
        }

        if (command.PathIsUtf8 && !SmtpUtf8)
        {
            return Error(SmtpReplies.NonAsciiAddress);
        }

        if (RecipientCount >= Settings.MaxRecipients)
        {
            // RFC 5321 4.5.3.1.10: 452 and the client sends the rest in another transaction; not a protocol error.
            return Decision.Send(SmtpReplies.TooManyRecipients);
        }

        return new Decision(SessionAction.Recipient, null);
    }

    private Decision Data()
    {
        switch (State)
        {
            case SessionState.RecipientGiven when Body == BodyType.BinaryMime:
                return Error(SmtpReplies.BinaryMimeNeedsBdat);
            case SessionState.RecipientGiven:
                return new Decision(SessionAction.Data, null);
            case SessionState.MailGiven:
                return Error(RefusedRecipientCount > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.NeedRecipient);
            case SessionState.AwaitingHelo:
                return Error(SmtpReplies.SendHeloFirst);
            default:
                return Error(SmtpReplies.NeedMail);
        }
    }

    private Decision Chunk(scoped in SmtpCommand command)
    {
        switch (State)
        {
            case SessionState.RecipientGiven or SessionState.ReceivingChunks:
                break;
            case SessionState.MailGiven:
                return ErrorDiscard(RefusedRecipientCount > 0 ? SmtpReplies.NoValidRecipients : SmtpReplies.NeedRecipient);
            case SessionState.AwaitingHelo:
                return ErrorDiscard(SmtpReplies.SendHeloFirst);
            default:
                return ErrorDiscard(SmtpReplies.NeedMail);
        }

        if (Settings.MaxMessageSize > 0 && ChunkedOctets + command.ChunkSize > Settings.MaxMessageSize)
        {
            // RFC 3030 2 + RFC 1870: the chunk is still read (and dropped); the transaction is over.
            ResetTransaction();
            State = SessionState.Ready;
            TransactionCount++;
            return new Decision(SessionAction.DiscardChunk, SmtpReplies.MessageTooBig, true);
        }

        return new Decision(SessionAction.Chunk, null);
    }
}
