// HttpListenerFeature: which of Edge's HTTP listeners accepted a connection. Set on the connection by a
// connection middleware of that listener (ListenerScopeExtensions.TagListener); Kestrel exposes connection
// features to the requests on it, so ListenerScopeMiddleware reads it from HttpContext.Features.
namespace Edge.Gateway.Hosting;

/// <summary>The HTTP listener a connection arrived on.</summary>
internal sealed class HttpListenerFeature(HttpListeners listener)
{
    /// <summary>Exactly one flag.</summary>
    public HttpListeners Listener { get; } = listener;
}
