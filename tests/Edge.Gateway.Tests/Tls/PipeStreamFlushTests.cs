// PipeStreamFlushTests: PipeStream built without a flush per write (as TlsConnection builds it). Writes wait in the
// transport's output until FlushAsync, or until a read has to wait for the peer (the peer may be waiting for them: a
// handshake flight); a read served from what is already buffered leaves them waiting. HoldFlushes makes FlushAsync
// leave them too, but not a read that waits. Built the default way, every write is flushed at once, as before.
using System.Buffers;
using System.IO.Pipelines;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

public sealed class PipeStreamFlushTests
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Write_NoFlushPerWrite_StaysInTransportUntilFlush()
    {
        var wire = new Wire();
        var stream = new PipeStream(wire.Transport, flushOnWrite: false);

        await stream.WriteAsync("first"u8.ToArray());
        await stream.WriteAsync("second"u8.ToArray());

        Assert.True(stream.HasUnflushedWrites);
        Assert.False(wire.Sent.TryRead(out _));
        await stream.FlushAsync();
        Assert.False(stream.HasUnflushedWrites);
        Assert.Equal("firstsecond", wire.TakeSent());
    }

    [Fact]
    public async Task Read_HasToWait_FlushesWritesFirst()
    {
        var wire = new Wire();
        var stream = new PipeStream(wire.Transport, flushOnWrite: false);
        await stream.WriteAsync("flight"u8.ToArray());

        var read = stream.ReadAsync(new byte[16]).AsTask();

        Assert.False(read.IsCompleted);
        Assert.Equal("flight", wire.TakeSent()); // the peer sees it while we wait for its answer
        await wire.Received.WriteAsync("answer"u8.ToArray());
        Assert.Equal(6, await read.WaitAsync(IoTimeout));
    }

    [Fact]
    public async Task Read_DataAlreadyBuffered_LeavesWritesWaiting()
    {
        var wire = new Wire();
        var stream = new PipeStream(wire.Transport, flushOnWrite: false);
        await wire.Received.WriteAsync("ready"u8.ToArray());
        await stream.WriteAsync("later"u8.ToArray());

        Assert.Equal(5, await stream.ReadAsync(new byte[16]).AsTask().WaitAsync(IoTimeout));

        Assert.False(wire.Sent.TryRead(out _));
        Assert.True(stream.HasUnflushedWrites);
    }

    [Fact]
    public async Task HoldFlushes_FlushLeavesWrites_WaitingReadStillFlushes()
    {
        var wire = new Wire();
        var stream = new PipeStream(wire.Transport, flushOnWrite: false) { HoldFlushes = true };
        await stream.WriteAsync("held"u8.ToArray());

        await stream.FlushAsync();
        Assert.False(wire.Sent.TryRead(out _));

        var read = stream.ReadAsync(new byte[16]).AsTask();
        Assert.Equal("held", wire.TakeSent());
        await wire.Received.CompleteAsync();
        Assert.Equal(0, await read.WaitAsync(IoTimeout));
    }

    [Fact]
    public async Task Write_Default_EachWriteFlushed()
    {
        var wire = new Wire();
        var stream = new PipeStream(wire.Transport);

        await stream.WriteAsync("now"u8.ToArray());

        Assert.False(stream.HasUnflushedWrites);
        Assert.Equal("now", wire.TakeSent());
    }

    /// <summary>Two in-memory pipes standing in for Kestrel's transport: what the peer sent, what we sent.</summary>
    private sealed class Wire
    {
        private readonly Pipe _in = new();
        private readonly Pipe _out = new();

        public Wire() => Transport = new Duplex(_in.Reader, _out.Writer);

        public IDuplexPipe Transport { get; }

        public PipeWriter Received => _in.Writer;

        public PipeReader Sent => _out.Reader;

        public string TakeSent()
        {
            Assert.True(Sent.TryRead(out var result), "nothing was flushed");
            var text = System.Text.Encoding.ASCII.GetString(result.Buffer.ToArray());
            Sent.AdvanceTo(result.Buffer.End);
            return text;
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
