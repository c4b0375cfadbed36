// DeliveryServiceCollectionExtensions: registers the embedded directory delivery (a singleton built from
// Edge:Delivery) and the start-up step that creates its directory when no backend is configured.
using Edge.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Edge.Gateway.Delivery;

/// <summary>DI registration for <see cref="DirectoryDelivery"/>.</summary>
internal static class DeliveryServiceCollectionExtensions
{
    /// <summary>Adds <see cref="DirectoryDelivery"/> (singleton) and <see cref="DirectoryDeliveryStartup"/>. Requires <c>AddEdgeConfiguration</c>.</summary>
    public static IServiceCollection AddDirectoryDelivery(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DirectoryDelivery(
            sp.GetRequiredService<IOptions<EdgeOptions>>().Value.Delivery,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DirectoryDelivery>>()));
        services.AddHostedService<DirectoryDeliveryStartup>();
        return services;
    }
}
