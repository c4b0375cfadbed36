// TransportSecurityStartup: runs the MTA-STS/DANE check once on the certificates Edge starts with, so the gauges
// and the loud log lines exist from the first scrape (reloads are checked by CertificateStore itself), and logs
// where the policies are served once the listener is bound.
using Edge.Gateway.Tls;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.TransportSecurity;

/// <summary>The start-up consistency check.</summary>
internal sealed partial class TransportSecurityStartup(
    CertificateStore store,
    TransportSecurityValidator validator,
    MtaStsPolicies policies,
    MtaStsListener listener,
    IHostApplicationLifetime lifetime,
    ILogger<TransportSecurityStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        validator.Validate(store.Current, reload: false);
        lifetime.ApplicationStarted.Register(() =>
        {
            if (listener.Endpoint is { } endpoint && logger.IsEnabled(LogLevel.Information))
            {
                var hosts = string.Join(",", policies.All.Select(p => p.PolicyHost));
                Log.Serving(logger, endpoint, hosts);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 8500, Level = LogLevel.Information, Message = "MTA-STS policies on https://{Endpoint} for {Hosts}")]
        public static partial void Serving(ILogger logger, IPEndPoint endpoint, string hosts);
    }
}
