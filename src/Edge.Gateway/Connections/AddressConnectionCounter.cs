// AddressConnectionCounter: concurrent connections per client address, with a ceiling. Lock-free: a count is
// changed only by compare-and-swap on the dictionary entry, and an entry is removed only when it is exactly 1
// on release, so the map holds the addresses connected now and nothing else (no growth under address churn).
using System.Collections.Concurrent;

namespace Edge.Gateway.Connections;

/// <summary>Counts connections per address key (<see cref="ClientAddressKey"/>). Thread-safe.</summary>
internal sealed class AddressConnectionCounter(int maxPerAddress)
{
    private readonly ConcurrentDictionary<IPAddress, int> _counts = new();

    /// <summary>The ceiling per address.</summary>
    public int MaxPerAddress { get; } = maxPerAddress;

    /// <summary>Addresses with at least one connection.</summary>
    public int Addresses => _counts.Count;

    /// <summary>The connections counted for <paramref name="key"/>.</summary>
    public int Count(IPAddress key) => _counts.TryGetValue(key, out int count) ? count : 0;

    /// <summary>Counts one more connection for <paramref name="key"/>, unless it already has <see cref="MaxPerAddress"/>.</summary>
    public bool TryAcquire(IPAddress key)
    {
        while (true)
        {
            if (_counts.TryGetValue(key, out int count))
            {
                if (count >= MaxPerAddress)
                {
                    return false;
                }

                if (_counts.TryUpdate(key, count + 1, count))
                {
                    return true;
                }
            }
            else if (_counts.TryAdd(key, 1))
            {
                return true;
            }
        }
    }

    /// <summary>Returns a connection taken by <see cref="TryAcquire"/>; the entry goes when its last connection ends.</summary>
    public void Release(IPAddress key)
    {
        while (_counts.TryGetValue(key, out int count))
        {
            bool done = count <= 1
                ? _counts.TryRemove(new KeyValuePair<IPAddress, int>(key, count))
                : _counts.TryUpdate(key, count - 1, count);
            if (done)
            {
                return;
            }
        }
    }
}
