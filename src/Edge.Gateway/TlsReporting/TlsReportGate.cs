// TlsReportGate: at most Edge:TlsRpt:MaxConcurrent POSTed reports are read and parsed at once. The intake is on the
// internet-facing MTA-STS listener; each report in progress may hold MaxBodyBytes plus MaxReportBytes, so without a
// bound a burst of uploads (or of bombs) would cost memory and CPU in proportion. No queue: the rest get 503.
using System.Threading.RateLimiting;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.TlsReporting;

/// <summary>The concurrency bound of HTTP report intake (a DI singleton).</summary>
internal sealed class TlsReportGate(IOptions<EdgeOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.TlsRpt.MaxConcurrent,
        QueueLimit = 0,
    });

    /// <summary>A permit, or a lease that is not acquired when MaxConcurrent reports are in progress. Never waits.</summary>
    public RateLimitLease TryEnter() => _limiter.AttemptAcquire();

    public void Dispose() => _limiter.Dispose();
}
