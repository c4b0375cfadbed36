// BackendState: the long-lived runtime object of one backend (YARP's DestinationState): its settings snapshot, its
// connection pool, the transactions in flight, the passive-health counters and its metrics (none in unit tests).
// Counters are updated with Interlocked; everything else is immutable.
using Edge.Gateway.Configuration;
using Edge.Gateway.Metrics;

namespace Edge.Gateway.Relay;

/// <summary>One backend at run time. Thread-safe.</summary>
internal sealed class BackendState : IAsyncDisposable
{
    private int _outstanding;
    private int _consecutiveFailures;
    private long _downUntil;

    public BackendState(BackendSettings settings, RelaySettings relay, ILogger logger, BackendMetrics? metrics = null)
    {
        Settings = settings;
        Pool = new BackendPool(settings, relay, logger);
        Metrics = metrics;
    }

    /// <summary>The backend's instruments, or null without metrics.</summary>
    public BackendMetrics? Metrics { get; }

    /// <summary>The configured backend.</summary>
    public BackendSettings Settings { get; }

    /// <summary>Its connections.</summary>
    public BackendPool Pool { get; }

    /// <summary>Transactions in flight on this backend.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Consecutive connect/protocol failures.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    /// <summary>True unless marked down and the down period has not ended (<see cref="Environment.TickCount64"/> time).</summary>
    public bool IsHealthy(long now) => now >= Volatile.Read(ref _downUntil);

    public void TransactionStarted() => Interlocked.Increment(ref _outstanding);

    public void TransactionEnded() => Interlocked.Decrement(ref _outstanding);

    /// <summary>Counts a failure; returns the new consecutive count.</summary>
    public int RecordFailure() => Interlocked.Increment(ref _consecutiveFailures);

    /// <summary>A success ends any down period.</summary>
    public void RecordSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Volatile.Write(ref _consecutiveFailures, 0);
        }

        if (Volatile.Read(ref _downUntil) != 0)
        {
            Volatile.Write(ref _downUntil, 0);
        }
    }

    /// <summary>Skips this backend until <paramref name="until"/>.</summary>
    public void MarkDown(long until) => Volatile.Write(ref _downUntil, until);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Pool.DisposeAsync();
}
