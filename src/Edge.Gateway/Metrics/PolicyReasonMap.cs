// PolicyReasonMap: which PolicyReason a refusal counts as. Connection refusals map one to one; SMTP-level
// refusals are recognised by the pre-encoded reply that carries them (reference equality: the state machine and
// the connection only ever send these exact SmtpReplies instances for these refusals, so no bytes are compared).
using Edge.Gateway.Connections;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Metrics;

/// <summary>Maps refusals to <see cref="PolicyReason"/>.</summary>
internal static class PolicyReasonMap
{
    /// <summary>The reason of a connection refused before the session.</summary>
    public static PolicyReason Of(ConnectionRefusal refusal) => refusal switch
    {
        ConnectionRefusal.ProxyUntrusted => PolicyReason.ProxyUntrusted,
        ConnectionRefusal.ProxyMalformed => PolicyReason.ProxyMalformed,
        ConnectionRefusal.ProxyTimeout => PolicyReason.ProxyTimeout,
        ConnectionRefusal.ListenerLimit => PolicyReason.ConnectionLimit,
        ConnectionRefusal.AddressLimit => PolicyReason.AddressLimit,
        ConnectionRefusal.AddressRate => PolicyReason.AddressRate,
        _ => PolicyReason.EarlyTalker,
    };

    /// <summary>True when <paramref name="reply"/> is a policy refusal; <paramref name="reason"/> says which.</summary>
    public static bool TryGet(SmtpReply reply, out PolicyReason reason)
    {
        reason = default;
        if (!reply.IsError)
        {
            return false; // the common case: one comparison, then done
        }

        if (ReferenceEquals(reply, SmtpReplies.RelayDenied))
        {
            reason = PolicyReason.RelayDenied;
        }
        else if (ReferenceEquals(reply, SmtpReplies.MustStartTls))
        {
            reason = PolicyReason.TlsRequired;
        }
        else if (ReferenceEquals(reply, SmtpReplies.AuthenticationRequired))
        {
            reason = PolicyReason.AuthRequired;
        }
        else if (ReferenceEquals(reply, SmtpReplies.MessageTooBig))
        {
            reason = PolicyReason.MessageTooBig;
        }
        else if (ReferenceEquals(reply, SmtpReplies.TooManyRecipients))
        {
            reason = PolicyReason.TooManyRecipients;
        }
        else if (ReferenceEquals(reply, SmtpReplies.BareLineEnding))
        {
            reason = PolicyReason.BareLineEnding;
        }
        else if (ReferenceEquals(reply, SmtpReplies.TooManyErrors))
        {
            reason = PolicyReason.TooManyErrors;
        }
        else if (ReferenceEquals(reply, SmtpReplies.TooManyJunkCommands))
        {
            reason = PolicyReason.TooManyJunk;
        }
        else if (ReferenceEquals(reply, SmtpReplies.RequireTlsUnavailable))
        {
            reason = PolicyReason.RequireTlsUnavailable;
        }
        else
        {
            return false;
        }

        return true;
    }
}
