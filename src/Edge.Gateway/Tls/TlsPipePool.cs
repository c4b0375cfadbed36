// TlsPipePool: the plaintext pipes of TlsInputPump, kept per listener and reused by the next TLS session (a Pipe, its
// options and its segment stack are ~0.5 KB per session otherwise). A pipe goes back only once both of its ends
// completed, and Pipe.Reset empties it: unread plaintext of one session never reaches the next. Pipes are bound to
// one memory pool and buffer size (Kestrel's, one per listener); a connection with another gets a pipe of its own.
using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.ObjectPool;

namespace Edge.Gateway.Tls;

/// <summary>Reusable plaintext pipes for TLS sessions.</summary>
internal sealed class TlsPipePool
{
    // Sessions return their pipe as they end and the next ones take it: the pool only has to cover the sessions that
    // end together (a burst of QUITs), not all open ones. An idle pipe holds no buffer (~0.5 KB with its segment stack).
    private const int MaximumRetained = 64;

    private Shared? _shared;

    public Pipe Rent(MemoryPool<byte> memory, int bufferSize)
    {
        var shared = For(memory, bufferSize);
        return shared is null ? new Pipe(TlsInputPump.CreatePipeOptions(memory, bufferSize)) : shared.Pipes.Get();
    }

    /// <summary>Takes the pipe back if both ends completed (otherwise it is left to the GC).</summary>
    public void Return(Pipe pipe, MemoryPool<byte> memory, int bufferSize) => For(memory, bufferSize)?.Pipes.Return(pipe);

    private Shared? For(MemoryPool<byte> memory, int bufferSize)
    {
        var shared = Volatile.Read(ref _shared);
        if (shared is null)
        {
            Interlocked.CompareExchange(ref _shared, new Shared(memory, bufferSize), null);
            shared = Volatile.Read(ref _shared)!;
        }

        return ReferenceEquals(shared.Memory, memory) && shared.BufferSize == bufferSize ? shared : null;
    }

    private sealed class Shared(MemoryPool<byte> memory, int bufferSize)
    {
        public MemoryPool<byte> Memory { get; } = memory;

        public int BufferSize { get; } = bufferSize;

        public DefaultObjectPool<Pipe> Pipes { get; } = new(new ResetPolicy(TlsInputPump.CreatePipeOptions(memory, bufferSize)), MaximumRetained);
    }

    private sealed class ResetPolicy(PipeOptions options) : IPooledObjectPolicy<Pipe>
    {
        public Pipe Create() => new(options);

        public bool Return(Pipe obj)
        {
            try
            {
                // Throws unless the reader and the writer both completed (their buffers are back in the memory pool).
                obj.Reset();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
