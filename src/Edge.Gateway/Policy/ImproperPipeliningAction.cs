// ImproperPipeliningAction: "Edge:Listeners:N:ImproperPipelining", what a listener does with a client that sends
// further input before the reply to a command that must end a pipeline group (RFC 2920 3.1: EHLO, HELO, DATA, VRFY,
// EXPN, NOOP, QUIT, AUTH, unknown verbs), or pipelines at all when PIPELINING was not negotiated (HELO, or before
// EHLO). Spam engines blast whole sessions in one write; real MTAs wait. Either way it is counted.
namespace Edge.Gateway.Policy;

/// <summary>Handling of improper pipelining.</summary>
internal enum ImproperPipeliningAction : byte
{
    /// <summary><c>allow</c> (default): count it (once per session) and carry on.</summary>
    Allow = 0,

    /// <summary><c>reject</c>: count it, answer <c>554 5.5.0</c> instead of executing the command, and close.</summary>
    Reject,
}
