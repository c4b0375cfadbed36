// Readiness: the /readyz verdict. Ready means the host has started (every listener, SMTP and HTTP, is bound),
// is not shutting down, and a message sink is available; /healthz only says the process answers.
using Edge.Gateway.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.Hosting;

/// <summary>Answers /readyz.</summary>
internal static class Readiness
{
    /// <summary>The reason the host is not ready, or null when it is.</summary>
    public static string? NotReadyReason(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "shutting down";
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return "listeners not bound yet";
        }

        var registry = services.GetRequiredService<ListenerRegistry>();
        foreach (var listener in registry.Listeners)
        {
            if (registry.BoundEndpoint(listener.Name).Port == 0)
            {
                return $"listener {listener.Name} not bound";
            }
        }

        return services.GetService<IMessageSink>() is null ? "no message sink" : null;
    }

    /// <summary>200 "ready", or 503 with the reason.</summary>
    public static IResult Answer(IServiceProvider services)
    {
        var reason = NotReadyReason(services);
        return reason is null
            ? Results.Text("ready\n")
            : Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
