// ListenerScopeExtensions: the listener-scope seam. Every HTTP endpoint says which of Edge's HTTP listeners serve it:
//   app.UseListenerScopes();                                          // once, in EdgeHost
//   app.MapPost("/tlsrpt", ...).OnListeners(HttpListeners.Internal | HttpListeners.MtaSts);
// An endpoint without OnListeners stays on the internal listener only (/metrics, /healthz never reach the internet).
// SECURITY: a request for an endpoint its listener does not serve gets 404, as if the route did not exist.
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Edge.Gateway.Hosting;

/// <summary>Endpoint scoping by HTTP listener.</summary>
internal static class ListenerScopeExtensions
{
    /// <summary>Serves the endpoint(s) on <paramref name="listeners"/> (flags); without this call an endpoint is internal-only.</summary>
    public static TBuilder OnListeners<TBuilder>(this TBuilder builder, HttpListeners listeners)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metadata = new ListenerScopeMetadata(listeners);
        builder.Add(endpoint => endpoint.Metadata.Add(metadata));
        return builder;
    }

    /// <summary>Refuses (404) requests whose matched endpoint is not served on the listener they arrived on.</summary>
    public static IApplicationBuilder UseListenerScopes(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(static (context, next) =>
        {
            var arrived = context.Features.Get<HttpListenerFeature>()?.Listener ?? HttpListeners.Internal;
            var endpoint = context.GetEndpoint();
            var served = endpoint?.Metadata.GetMetadata<ListenerScopeMetadata>()?.Listeners ?? HttpListeners.Internal;
            if (endpoint is not null && (served & arrived) == 0)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
    }

    /// <summary>Marks every connection of a Kestrel listener as arriving on <paramref name="listener"/>.</summary>
    public static IConnectionBuilder TagListener(this IConnectionBuilder connection, HttpListeners listener)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var feature = new HttpListenerFeature(listener);
        return connection.Use(next => context =>
        {
            context.Features.Set(feature);
            return next(context);
        });
    }
}
