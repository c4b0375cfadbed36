// SinkCounters: what the sink has received, updated with Interlocked by every connection and read at any time.
namespace Edge.LoadTest.Sink;

/// <summary>Live counts of the sink.</summary>
internal sealed class SinkCounters
{
    private long _connections;
    private long _messages;
    private long _bytes;
    private long _verified;
    private long _mismatched;
    private long _withoutHash;

    public long Connections => Volatile.Read(ref _connections);

    /// <summary>Messages received (end of data reached and answered 250).</summary>
    public long Messages => Volatile.Read(ref _messages);

    /// <summary>Content octets received (after dot-unstuffing).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Messages whose X-Edge-Load-Hash matched the body.</summary>
    public long Verified => Volatile.Read(ref _verified);

    /// <summary>Messages whose X-Edge-Load-Hash did not match the body.</summary>
    public long Mismatched => Volatile.Read(ref _mismatched);

    /// <summary>Messages without a (well-formed) X-Edge-Load-Hash header.</summary>
    public long WithoutHash => Volatile.Read(ref _withoutHash);

    public void Connected() => Interlocked.Increment(ref _connections);

    public void Received(long octets, HashVerdict verdict)
    {
        Interlocked.Add(ref _bytes, octets);
        switch (verdict)
        {
            case HashVerdict.Match:
                Interlocked.Increment(ref _verified);
                break;
            case HashVerdict.Mismatch:
                Interlocked.Increment(ref _mismatched);
                break;
            default:
                Interlocked.Increment(ref _withoutHash);
                break;
        }

        // Last, so a reader that sees N messages also sees their verdicts.
        Interlocked.Increment(ref _messages);
    }

    /// <summary>A consistent-enough copy for reports.</summary>
    public SinkSnapshot Snapshot() => new(Connections, Messages, Bytes, Verified, Mismatched, WithoutHash);
}
