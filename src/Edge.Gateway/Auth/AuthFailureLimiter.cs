// AuthFailureLimiter: failed AUTH attempts per client address (System.Threading.RateLimiting, fixed window).
// A failure costs a permit; a client with no permit left is answered 421 until the window rolls over.
using System.Net;
using System.Threading.RateLimiting;
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Auth;

/// <summary>Counts failed authentications per client address. Thread-safe.</summary>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;
    private readonly AuthOptions _options;

    public AuthFailureLimiter(IOptions<EdgeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Auth;
        var permits = Math.Max(1, _options.MaxFailures);
        var window = _options.FailureWindow > TimeSpan.Zero ? _options.FailureWindow : TimeSpan.FromMinutes(15);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(
            address, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>True when <paramref name="client"/> has used up its failures in this window.</summary>
    public bool IsBlocked(IPAddress client) => _limiter.GetStatistics(client)?.CurrentAvailablePermits <= 0;

    /// <summary>Records a failure; returns the tarpit delay to wait before answering.</summary>
    public TimeSpan RecordFailure(IPAddress client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        var left = _limiter.GetStatistics(client)?.CurrentAvailablePermits ?? 0;
        var used = Math.Max(1, _options.MaxFailures - (int)left);
        return _options.TarpitDelay * Math.Min(used, 5);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
