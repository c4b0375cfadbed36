// PolicyOutcome: what a policy decided, the verdict kinds of STYLE.md section 6. The connection loop maps each
// to the same handling whatever the policy: carry on, answer and carry on, or answer and close.
namespace Edge.Gateway.Policy;

/// <summary>The kind of a <see cref="PolicyVerdict"/>.</summary>
internal enum PolicyOutcome : byte
{
    /// <summary>Go on as if no policy were there.</summary>
    Accept = 0,

    /// <summary>Refused for now (4xx); the session carries on and the client retries later.</summary>
    TempFail,

    /// <summary>Refused (5xx); the session carries on.</summary>
    Reject,

    /// <summary>Refused with the reply, then the connection is closed (421 or 554).</summary>
    RejectAndClose,
}
