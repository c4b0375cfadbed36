// Decision: the machine's answer to one command: a reply (or none yet), an action, and whether the open
// transaction, if any, must be abandoned (RSET, EHLO, errors that end a BDAT transfer).
using Edge.Protocol.Replies;

namespace Edge.Protocol.Session;

/// <summary>What to do with one command.</summary>
public readonly record struct Decision(SessionAction Action, SmtpReply? Reply, bool AbortsTransaction = false)
{
    /// <summary>Write <paramref name="reply"/> and carry on.</summary>
    public static Decision Send(SmtpReply reply) => new(SessionAction.Reply, reply);

    /// <summary>Write <paramref name="reply"/> and close.</summary>
    public static Decision SendAndClose(SmtpReply reply) => new(SessionAction.Close, reply);
}
