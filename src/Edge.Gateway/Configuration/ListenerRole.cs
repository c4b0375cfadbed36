// ListenerRole: what a listener is for; parsed from "Edge:Listeners:N:Role" by OptionValueParser.
namespace Edge.Gateway.Configuration;

/// <summary>Role of a listener, which selects the policy applied to it.</summary>
public enum ListenerRole
{
    /// <summary><c>mx</c>: mail from the internet, for accepted domains only.</summary>
    Mx,

    /// <summary><c>submission</c>: authenticated users sending anywhere (RFC 6409).</summary>
    Submission,
}
