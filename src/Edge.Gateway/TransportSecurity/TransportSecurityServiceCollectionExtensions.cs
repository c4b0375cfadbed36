// TransportSecurityServiceCollectionExtensions: DI registration of MTA-STS and DANE: options bound from Edge:MtaSts
// and Edge:Dane and validated at start-up, the policies, TLSA source, metrics, the certificate snapshot validator
// (consulted by CertificateStore on reload) and the start-up check.
using Edge.Gateway.Tls;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Edge.Gateway.TransportSecurity;

/// <summary>Registers the transport-security services.</summary>
internal static class TransportSecurityServiceCollectionExtensions
{
    public static IServiceCollection AddEdgeTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MtaStsOptions>().Bind(configuration.GetSection(MtaStsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<DaneOptions>().Bind(configuration.GetSection(DaneOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MtaStsOptions>, MtaStsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DaneOptions>, DaneOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MtaStsPolicies>();
        services.AddSingleton<MtaStsListener>();
        services.AddSingleton<TlsaSource>();
        services.AddSingleton<TransportSecurityMetrics>();
        services.AddSingleton<TransportSecurityValidator>();
        services.AddSingleton<ICertificateSnapshotValidator>(sp => sp.GetRequiredService<TransportSecurityValidator>());
        services.AddHostedService<TransportSecurityStartup>();
        return services;
    }
}
