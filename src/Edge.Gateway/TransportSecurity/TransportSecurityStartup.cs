// TransportSecurityStartup: runs the MTA-STS/DANE check once on the certificates Edge starts with, so the gauges
// and the loud log lines exist from the first scrape (reloads are checked by CertificateStore itself).
using Edge.Gateway.Tls;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.TransportSecurity;

/// <summary>The start-up consistency check.</summary>
internal sealed class TransportSecurityStartup(CertificateStore store, TransportSecurityValidator validator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        validator.Validate(store.Current, reload: false);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
