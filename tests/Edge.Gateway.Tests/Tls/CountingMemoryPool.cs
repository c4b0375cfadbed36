// CountingMemoryPool: a 4 KiB-block pool (Kestrel's block size) that counts the blocks rented and not yet returned,
// and the most ever out at once, so tests can see what a TLS session holds while idle and while busy.
using System.Buffers;

namespace Edge.Gateway.Tests.Tls;

internal sealed class CountingMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 4096;
    private int _outstanding;
    private int _peak;

    public int Outstanding => Volatile.Read(ref _outstanding);

    public int Peak => Volatile.Read(ref _peak);

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        var now = Interlocked.Increment(ref _outstanding);
        int peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(CountingMemoryPool pool) : IMemoryOwner<byte>
    {
        private byte[]? _array = new byte[BlockSize];

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is not null)
            {
                Interlocked.Decrement(ref pool._outstanding);
            }
        }
    }
}
