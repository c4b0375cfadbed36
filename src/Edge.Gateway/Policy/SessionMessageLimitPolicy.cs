// SessionMessageLimitPolicy: answers "may this session start another message?" (Edge:Limits:MaxMessagesPerSession).
// Counted are transactions that ended (accepted or refused after content), so MAIL/RSET loops are left to the
// junk-command limit. Over the limit MAIL gets 421 4.7.0 and the session closes (see PolicyReplies.TooManyMessages).
namespace Edge.Gateway.Policy;

/// <summary>The per-session message allowance.</summary>
internal static class SessionMessageLimitPolicy
{
    /// <summary>Verdict for a MAIL after <paramref name="completed"/> transactions, with at most <paramref name="max"/> per session.</summary>
    public static PolicyVerdict Check(int completed, int max) =>
        completed < max ? PolicyVerdict.Accept : new PolicyVerdict(PolicyOutcome.RejectAndClose, PolicyReplies.TooManyMessages);
}
