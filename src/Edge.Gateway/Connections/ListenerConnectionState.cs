// ListenerConnectionState: the runtime connection state of one listener (YARP's *State: long-lived, mutable,
// thread-safe): connections active now, admitted in total, and refused by reason. Updated with Interlocked
// by the connection middleware; read by tests and logs; each refusal also counts in edge_policy_rejections_total.
using Edge.Gateway.Metrics;

namespace Edge.Gateway.Connections;

/// <summary>Connection counts of one listener.</summary>
internal sealed class ListenerConnectionState
{
    private static readonly int ReasonCount = Enum.GetValues<ConnectionRefusal>().Length;
    private readonly long[] _refused = new long[ReasonCount];
    private int _active;
    private long _admitted;

    private readonly ListenerMetrics? _metrics;

    public ListenerConnectionState(string listener, ListenerMetrics? metrics = null)
    {
        Listener = listener;
        _metrics = metrics;
    }

    /// <summary>The listener's name.</summary>
    public string Listener { get; }

    /// <summary>Connections admitted by the limits and not yet ended.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Connections admitted by the limits since start.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Connections refused for <paramref name="reason"/> since start.</summary>
    public long Refused(ConnectionRefusal reason) => Interlocked.Read(ref _refused[(int)reason]);

    /// <summary>Counts one refusal.</summary>
    public void Refuse(ConnectionRefusal reason)
    {
        Interlocked.Increment(ref _refused[(int)reason]);
        _metrics?.Rejected(PolicyReasonMap.Of(reason));
    }

    /// <summary>Takes one of <paramref name="max"/> connection slots; false when all are taken (nothing is held then).</summary>
    public bool TryEnter(int max)
    {
        if (Interlocked.Increment(ref _active) > max)
        {
            Interlocked.Decrement(ref _active);
            return false;
        }

        Interlocked.Increment(ref _admitted);
        return true;
    }

    /// <summary>Returns a slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _active);
}
