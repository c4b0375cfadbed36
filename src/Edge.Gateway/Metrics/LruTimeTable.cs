// LruTimeTable: a bounded, thread-safe map key -> (last TLS use, last failed handshake) in UTC ticks, evicting
// the least recently touched key when full. SECURITY: bounded so that a flood of new addresses or HELO names
// cannot grow memory; an evicted node is reused for the new key, so a full table stops allocating.
namespace Edge.Gateway.Metrics;

/// <summary>Least-recently-used table of per-peer TLS timestamps.</summary>
internal sealed class LruTimeTable<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _map;
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    public LruTimeTable(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _map = new Dictionary<TKey, LinkedListNode<Entry>>(Math.Min(capacity, 1024), comparer);
    }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _map.Count;
            }
        }
    }

    /// <summary>Records a TLS use (<paramref name="failure"/> false) or a failed handshake at <paramref name="now"/>.</summary>
    public void Touch(TKey key, bool failure, long now)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                _order.Remove(node);
            }
            else if (_map.Count >= _capacity)
            {
                node = _order.Last!;
                _order.RemoveLast();
                _map.Remove(node.Value.Key);
                node.Value = new Entry(key);
                _map.Add(key, node);
            }
            else
            {
                node = new LinkedListNode<Entry>(new Entry(key));
                _map.Add(key, node);
            }

            ref var entry = ref node.ValueRef;
            if (failure)
            {
                entry.LastFailure = now;
            }
            else
            {
                entry.LastTls = now;
            }

            _order.AddFirst(node);
        }
    }

    /// <summary>The timestamps of <paramref name="key"/> (0 when never seen). Does not refresh the entry's recency.</summary>
    public bool TryGet(TKey key, out long lastTls, out long lastFailure)
    {
        lock (_lock)
        {
            if (_map.TryGetValue(key, out var node))
            {
                lastTls = node.Value.LastTls;
                lastFailure = node.Value.LastFailure;
                return true;
            }
        }

        lastTls = 0;
        lastFailure = 0;
        return false;
    }

    private struct Entry(TKey key)
    {
        public readonly TKey Key = key;
        public long LastTls;
        public long LastFailure;
    }
}
