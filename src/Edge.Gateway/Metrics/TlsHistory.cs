// TlsHistory: what Edge remembers about its peers' TLS, for downgrade detection: client address -> last TLS use
// and last failed handshake, HELO name -> last TLS use. In process, bounded (Edge:Observability:TlsHistorySize
// per table, LRU) and windowed (TlsHistoryWindow); DESIGN.md puts it in Redis when instances share state.
namespace Edge.Gateway.Metrics;

/// <summary>Recent TLS behaviour of client addresses and HELO names.</summary>
internal sealed class TlsHistory
{
    private readonly LruTimeTable<IPAddress> _addresses;
    private readonly LruTimeTable<string> _helos;
    private readonly TimeProvider _time;
    private readonly long _window;

    public TlsHistory(int size, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        _addresses = new LruTimeTable<IPAddress>(size);
        _helos = new LruTimeTable<string>(size, StringComparer.OrdinalIgnoreCase);
        _time = time;
        _window = window.Ticks;
    }

    /// <summary>Client addresses held.</summary>
    public int AddressCount => _addresses.Count;

    /// <summary>HELO names held.</summary>
    public int HeloCount => _helos.Count;

    /// <summary>The client at <paramref name="address"/> completed a TLS handshake now.</summary>
    public void RecordTls(IPAddress address) => _addresses.Touch(address, failure: false, Now);

    /// <summary>A client calling itself <paramref name="helo"/> used TLS now.</summary>
    public void RecordTls(string helo) => _helos.Touch(helo, failure: false, Now);

    /// <summary>A TLS handshake from <paramref name="address"/> failed now.</summary>
    public void RecordFailure(IPAddress address) => _addresses.Touch(address, failure: true, Now);

    /// <summary>True when <paramref name="address"/> used TLS within the window.</summary>
    public bool AddressUsedTls(IPAddress address) =>
        _addresses.TryGet(address, out var tls, out _) && Recent(tls);

    /// <summary>True when a handshake from <paramref name="address"/> failed within the window.</summary>
    public bool AddressFailedHandshake(IPAddress address) =>
        _addresses.TryGet(address, out _, out var failure) && Recent(failure);

    /// <summary>True when a client calling itself <paramref name="helo"/> used TLS within the window.</summary>
    public bool HeloUsedTls(string helo) =>
        _helos.TryGet(helo, out var tls, out _) && Recent(tls);

    private long Now => _time.GetUtcNow().UtcTicks;

    private bool Recent(long ticks) => ticks != 0 && Now - ticks <= _window;
}
