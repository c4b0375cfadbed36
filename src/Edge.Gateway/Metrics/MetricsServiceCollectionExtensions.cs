// MetricsServiceCollectionExtensions: registers the metrics module (EdgeMetrics singleton with its own registry,
// the handshake observer that replaces the null one, the Edge:Observability validator).
using Edge.Gateway.Configuration;
using Edge.Gateway.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Edge.Gateway.Metrics;

/// <summary>DI registration of Edge's metrics.</summary>
internal static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddEdgeMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton<ITlsHandshakeObserver, MetricsTlsHandshakeObserver>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, ObservabilityOptionsValidator>());
        return services;
    }
}
