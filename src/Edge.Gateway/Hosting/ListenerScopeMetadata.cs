// ListenerScopeMetadata: endpoint metadata naming the HTTP listeners that serve an endpoint (added by
// OnListeners). An endpoint without it is served on HttpListeners.Internal only.
namespace Edge.Gateway.Hosting;

/// <summary>The listeners an endpoint is served on.</summary>
internal sealed class ListenerScopeMetadata(HttpListeners listeners)
{
    public HttpListeners Listeners { get; } = listeners;
}
