// RelayRouteOptions: one entry of "Edge:Relay:Routes", recipient domains whose transactions go to a backend group.
namespace Edge.Gateway.Configuration;

/// <summary>A route (<c>Edge:Relay:Routes:N</c>).</summary>
public sealed class RelayRouteOptions
{
    /// <summary>Recipient domains: exact (<c>example.com</c>) or every subdomain (<c>*.example.com</c>).</summary>
    public List<string> Domains { get; init; } = [];

    /// <summary>The <c>Edge:Backends:N:Group</c> these recipients are relayed to.</summary>
    public string Group { get; set; } = "";
}
