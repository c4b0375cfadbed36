// TlsServiceCollectionExtensions: DI registration of the TLS component: the CertificateStore singleton, a no-op
// ITlsHandshakeObserver unless metrics registered one, and start-up validation of TlsOptions.
// Binding "Edge:Tls" to TlsOptions is the host's job (it owns the configuration tree).
using Edge.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tls;

/// <summary>Registers the TLS services.</summary>
internal static class TlsServiceCollectionExtensions
{
    /// <param name="services">The container.</param>
    /// <param name="defaultHostName">SAN of the self-signed certificate made when none is configured (Edge:Hostname); null: the machine name.</param>
    public static IServiceCollection AddEdgeTls(this IServiceCollection services, string? defaultHostName = null)
    {
        services.AddOptions<TlsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>());
        services.TryAddSingleton<ITlsHandshakeObserver>(NullTlsHandshakeObserver.Instance);
        services.TryAddSingleton(sp => new CertificateStore(
            sp.GetRequiredService<IOptions<TlsOptions>>(),
            sp.GetRequiredService<ILogger<CertificateStore>>(),
            defaultHostName,
            sp.GetService<TimeProvider>(),
            sp.GetServices<ICertificateSnapshotValidator>()));
        return services;
    }
}
