// LoadStats: the counters and latency series of one run, shared by all sessions. Counters are Interlocked; errors
// (the rare path) go to a dictionary keyed by stage and reply code or I/O error name.
using System.Collections.Concurrent;
using Edge.LoadTest.Reporting;

namespace Edge.LoadTest.Client;

/// <summary>What a run has done so far.</summary>
internal sealed class LoadStats
{
    private readonly ConcurrentDictionary<(ErrorStage Stage, string Detail), long> _errors = new();
    private long _accepted;
    private long _failed;
    private long _bytes;
    private long _connections;
    private long _tlsHandshakes;

    public LatencyTrack Connect { get; } = new("connect");

    public LatencyTrack TlsHandshake { get; } = new("tls handshake");

    public LatencyTrack Message { get; } = new("message (MAIL to 250)");

    /// <summary>Open loop only: how late a message started against its schedule (the tool's own lag plus queueing).</summary>
    public LatencyTrack ScheduleLag { get; } = new("schedule lag");

    public long Accepted => Volatile.Read(ref _accepted);

    public long Failed => Volatile.Read(ref _failed);

    public long Bytes => Volatile.Read(ref _bytes);

    public long Connections => Volatile.Read(ref _connections);

    public long TlsHandshakes => Volatile.Read(ref _tlsHandshakes);

    public long ErrorCount
    {
        get
        {
            long total = 0;
            foreach (var pair in _errors)
            {
                total += pair.Value;
            }

            return total;
        }
    }

    public void MessageAccepted(int octets)
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Add(ref _bytes, octets);
    }

    public void MessageFailed() => Interlocked.Increment(ref _failed);

    public void Connected() => Interlocked.Increment(ref _connections);

    public void TlsEstablished() => Interlocked.Increment(ref _tlsHandshakes);

    public void Error(ErrorStage stage, int code) => Error(stage, code == 0 ? "malformed" : code.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Error(ErrorStage stage, string detail) => _errors.AddOrUpdate((stage, detail), 1, static (_, n) => n + 1);

    /// <summary>Errors as "STAGE detail" → count, most frequent first.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Errors()
    {
        var list = new List<KeyValuePair<string, long>>();
        foreach (var pair in _errors)
        {
            list.Add(new(pair.Key.Stage.ToString().ToUpperInvariant() + " " + pair.Key.Detail, pair.Value));
        }

        list.Sort(static (a, b) => b.Value != a.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}
