// BackendPool: the connections to one backend, reused across client sessions. A lease (slot) is taken per
// transaction, so at most MaxConnections are busy, and a new connection is only opened when no idle one is left,
// so at most MaxConnections are open. Idle connections are kept LIFO (hot ones reused, cold ones expire), checked
// before reuse, closed after IdleTimeout or MaxTransactionsPerConnection.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary>Per-backend connection pool. Thread-safe.</summary>
internal sealed partial class BackendPool : IAsyncDisposable
{
    private readonly BackendSettings _settings;
    private readonly RelaySettings _relay;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Lock _lock = new();
    private readonly List<BackendConnection> _idle = []; // oldest first; rented from the end
    private readonly Timer _sweeper;
    private int _open;
    private long _opened;
    private bool _disposed;

    public BackendPool(BackendSettings settings, RelaySettings relay, ILogger logger)
    {
        _settings = settings;
        _relay = relay;
        _logger = logger;
        _slots = new SemaphoreSlim(settings.MaxConnections, settings.MaxConnections);
        var period = settings.IdleTimeout / 2 < TimeSpan.FromMilliseconds(250) ? TimeSpan.FromMilliseconds(250) : settings.IdleTimeout / 2;
        _sweeper = new Timer(static state => ((BackendPool)state!).Sweep(), this, period, period);
    }

    /// <summary>Connections open now (idle and busy).</summary>
    public int OpenCount => Volatile.Read(ref _open);

    /// <summary>Connections opened since start (for tests and metrics).</summary>
    public long OpenedCount => Interlocked.Read(ref _opened);

    /// <summary>Idle connections.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>
    /// Takes a lease and returns an idle usable connection (when <paramref name="allowIdle"/>) or a newly opened one,
    /// which may be broken (check <see cref="BackendConnection.IsBroken"/>). Null when no lease came free within the
    /// connect timeout. Every connection returned must go back through <see cref="Return"/> or <see cref="DiscardAsync"/>.
    /// </summary>
    public async ValueTask<BackendConnection?> RentAsync(bool allowIdle, CancellationToken cancellationToken)
    {
        if (!await _slots.WaitAsync(_relay.ConnectTimeout, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (allowIdle && TakeIdle() is { } idle)
        {
            return idle;
        }

        Interlocked.Increment(ref _open);
        Interlocked.Increment(ref _opened);
        try
        {
            return await BackendConnection.OpenAsync(_settings, _relay, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _open);
            _slots.Release();
            throw;
        }
    }

    /// <summary>Ends a lease: a healthy connection goes back to the idle list, any other is closed.</summary>
    public void Return(BackendConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.IsBroken || Volatile.Read(ref _disposed))
        {
            Close(connection, quit: false);
        }
        else if (connection.Transactions >= _settings.MaxTransactionsPerConnection)
        {
            Close(connection, quit: true);
        }
        else
        {
            connection.IdleSince = Environment.TickCount64;
            lock (_lock)
            {
                _idle.Add(connection);
            }
        }

        _slots.Release();
    }

    /// <summary>Ends a lease by closing the connection (broken, or in an unknown state such as mid-DATA).</summary>
    public async ValueTask DiscardAsync(BackendConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            Interlocked.Decrement(ref _open);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        BackendConnection[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        await _sweeper.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in idle)
        {
            Interlocked.Decrement(ref _open);
            await connection.QuitAsync().ConfigureAwait(false);
        }
    }

    private const long FreshIdleMilliseconds = 1000;

    private BackendConnection? TakeIdle()
    {
        var now = Environment.TickCount64;
        while (true)
        {
            BackendConnection connection;
            lock (_lock)
            {
                if (_idle.Count == 0)
                {
                    return null;
                }

                connection = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
            }

            // Asking the socket whether the backend closed it costs a system call per transaction; a connection back in
            // the pool for less than a second is reused without asking. Should the backend have closed it all the same,
            // MAIL fails on it and the sink retries on a fresh connection, unseen by the client.
            var idleFor = now - connection.IdleSince;
            if (idleFor < (long)_settings.IdleTimeout.TotalMilliseconds && connection.IsIdleUsable(probeSocket: idleFor >= FreshIdleMilliseconds))
            {
                return connection;
            }

            Log.IdleConnectionDropped(_logger, _settings.Name);
            Close(connection, quit: false);
        }
    }

    private void Sweep()
    {
        var limit = Environment.TickCount64 - (long)_settings.IdleTimeout.TotalMilliseconds;
        List<BackendConnection>? expired = null;
        lock (_lock)
        {
            while (_idle.Count > 0 && _idle[0].IdleSince <= limit)
            {
                (expired ??= []).Add(_idle[0]);
                _idle.RemoveAt(0);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var connection in expired)
        {
            Close(connection, quit: true);
        }
    }

    // Closing in the background: the transaction (and its client) does not wait for the backend's 221.
    private void Close(BackendConnection connection, bool quit)
    {
        Interlocked.Decrement(ref _open);
        _ = quit ? connection.QuitAsync() : connection.DisposeAsync().AsTask();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4020, Level = LogLevel.Debug, Message = "Backend {Backend}: pooled connection closed while idle, not reused")]
        public static partial void IdleConnectionDropped(ILogger logger, string backend);
    }
}
