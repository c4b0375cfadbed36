// PolicyVerdict: one policy's answer to one question: an outcome and, unless it accepts, the reply the client
// gets. A value type, so accepting costs no allocation on the hot path.
using Edge.Protocol.Replies;

namespace Edge.Gateway.Policy;

/// <summary>A policy's decision.</summary>
internal readonly record struct PolicyVerdict(PolicyOutcome Outcome, SmtpReply? Reply)
{
    /// <summary>Nothing to object to.</summary>
    public static PolicyVerdict Accept => default;

    /// <summary>True for <see cref="PolicyOutcome.Accept"/>.</summary>
    public bool IsAccepted => Outcome == PolicyOutcome.Accept;

    /// <summary>True when the connection is to be closed after the reply.</summary>
    public bool Closes => Outcome == PolicyOutcome.RejectAndClose;
}
