// TlsReportingExtensions: wiring of TLSRPT intake into the host: services (intake, metrics, store, the mail tap as a
// decorator of the IMessageSink registered before, its queue and reader) and the HTTP endpoints, with the start-up
// consistency warnings. Called once each from EdgeHost.
using Edge.Gateway.Configuration;
using Edge.Gateway.Hosting;
using Edge.Gateway.Transactions;
using Edge.Gateway.TransportSecurity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Edge.Gateway.TlsReporting;

/// <summary>DI and endpoint registration of TLS report intake.</summary>
internal static partial class TlsReportingExtensions
{
    /// <summary>
    /// Registers the intake. Must come after the <see cref="IMessageSink"/> registration it decorates: with report
    /// mailboxes configured the sink becomes a <see cref="TlsReportMessageSink"/> around it; without, it stays as is.
    /// </summary>
    public static IServiceCollection AddTlsReporting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeOptions>, TlsRptOptionsValidator>());
        services.AddSingleton<TlsReportMetrics>();
        services.AddSingleton<TlsReportStore>();
        services.AddSingleton<TlsReportIntake>();
        services.AddSingleton<TlsReportGate>();
        services.AddSingleton<ReportMailboxes>();
        services.AddSingleton<TlsReportMailQueue>();
        services.AddHostedService<TlsReportMailWorker>();

        var sink = services.LastOrDefault(d => d.ServiceType == typeof(IMessageSink))
            ?? throw new InvalidOperationException("AddTlsReporting decorates the IMessageSink; register the sink first.");
        services.Remove(sink);
        services.AddSingleton<IMessageSink>(sp =>
        {
            var inner = Resolve(sp, sink);
            var mailboxes = sp.GetRequiredService<ReportMailboxes>();
            return mailboxes.IsEmpty
                ? inner
                : new TlsReportMessageSink(inner, mailboxes, sp.GetRequiredService<TlsReportMailQueue>(), sp.GetRequiredService<TlsReportIntake>());
        });
        return services;
    }

    /// <summary>
    /// Maps POST {Path} and GET {Path}/reports (none when Edge:TlsRpt:Path is empty), makes the metrics exist from
    /// the start, and logs the configuration's consistency warnings (event 8104).
    /// </summary>
    public static void MapTlsReporting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<TlsReportMetrics>(); // pre-created series are exported before any report
        var edge = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        var ruas = app.Services.GetService<IOptions<MtaStsOptions>>()?.Value.ReportingAddresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Edge.Gateway.TlsReporting");
        foreach (var warning in TlsReportConsistency.Check(edge, ruas))
        {
            Log.Inconsistent(logger, warning);
        }

        var path = edge.TlsRpt.Path;
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        // Senders POST from the internet: the intake is served on the MTA-STS HTTPS listener too (RFC 8460 3 wants
        // https for the rua URI). The list is for operators only.
        TlsReportEndpoints.MapIntake(app, path).OnListeners(HttpListeners.Internal | HttpListeners.MtaSts);
        TlsReportEndpoints.MapList(app, path).OnListeners(HttpListeners.Internal);
    }

    private static IMessageSink Resolve(IServiceProvider services, ServiceDescriptor descriptor)
    {
        if (descriptor.ImplementationInstance is IMessageSink instance)
        {
            return instance;
        }

        if (descriptor.ImplementationFactory is { } factory)
        {
            return (IMessageSink)factory(services);
        }

        return (IMessageSink)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "TLS reports: {Warning}")]
        public static partial void Inconsistent(ILogger logger, string warning);
    }
}
