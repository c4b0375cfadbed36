// MessageResult: the bounded outcome of a message, a recipient or a backend verdict, as a metric label.
// Derived from the reply code only (RFC 5321 4.2.1: 2yz accepted, 4yz transient, 5yz permanent).
namespace Edge.Gateway.Metrics;

/// <summary>Outcome class of a mail step (label <c>result</c>).</summary>
internal enum MessageResult : byte
{
    /// <summary>2xx.</summary>
    Accepted = 0,

    /// <summary>5xx (and anything that is neither 2xx nor 4xx).</summary>
    Rejected,

    /// <summary>4xx.</summary>
    TempFailed,
}
