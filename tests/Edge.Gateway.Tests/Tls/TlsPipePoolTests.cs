// TlsPipePoolTests: a plaintext pipe goes back to the pool only once both ends completed, comes out empty (what the
// last session left unread is gone, and no completion, cancellation or examined position carries over), and a pipe
// for another memory pool is never shared. Over the real host's listeners: plaintext one TLS session left unread is
// never answered in the next session that reuses its pipe.
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

public sealed class TlsPipePoolTests
{
    [Fact]
    public async Task Return_BothEndsCompletedWithDataUnread_NextRentIsTheSamePipeEmpty()
    {
        var pool = new TlsPipePool();
        var memory = new CountingMemoryPool();
        var pipe = pool.Rent(memory, CountingMemoryPool.BlockSize);
        await pipe.Writer.WriteAsync("QUIT\r\nMAIL FROM:<left@over>\r\n"u8.ToArray());
        var read = await pipe.Reader.ReadAsync();
        pipe.Reader.AdvanceTo(read.Buffer.GetPosition(6), read.Buffer.End); // QUIT consumed, the rest examined only
        pipe.Reader.CancelPendingRead();
        await pipe.Reader.CompleteAsync();
        await pipe.Writer.CompleteAsync();
        Assert.Equal(0, memory.Outstanding); // the unread block went back to the memory pool

        pool.Return(pipe, memory, CountingMemoryPool.BlockSize);
        var next = pool.Rent(memory, CountingMemoryPool.BlockSize);

        Assert.Same(pipe, next);
        Assert.False(next.Reader.TryRead(out _)); // nothing left over, no pending cancellation
        var pending = next.Reader.ReadAsync();
        Assert.False(pending.IsCompleted);
        await next.Writer.WriteAsync("EHLO next\r\n"u8.ToArray());
        var result = await pending;
        Assert.Equal("EHLO next\r\n", Encoding.ASCII.GetString(result.Buffer.ToArray()));
        Assert.False(result.IsCompleted);
        Assert.False(result.IsCanceled);
    }

    [Fact]
    public async Task Return_ReaderStillOpen_NotReused()
    {
        var pool = new TlsPipePool();
        var memory = new CountingMemoryPool();
        var pipe = pool.Rent(memory, CountingMemoryPool.BlockSize);
        await pipe.Writer.CompleteAsync();

        pool.Return(pipe, memory, CountingMemoryPool.BlockSize);

        Assert.NotSame(pipe, pool.Rent(memory, CountingMemoryPool.BlockSize));
    }

    [Fact]
    public async Task Rent_OtherMemoryPool_GetsAPipeOfItsOwn()
    {
        var pool = new TlsPipePool();
        var first = new CountingMemoryPool();
        var pipe = pool.Rent(first, CountingMemoryPool.BlockSize);
        await pipe.Reader.CompleteAsync();
        await pipe.Writer.CompleteAsync();
        pool.Return(pipe, first, CountingMemoryPool.BlockSize);

        var other = new CountingMemoryPool();
        var second = pool.Rent(other, CountingMemoryPool.BlockSize);
        var memory = second.Writer.GetMemory(1);
        second.Writer.Advance(1);
        await second.Writer.FlushAsync();

        Assert.NotSame(pipe, second);
        Assert.Equal(1, other.Outstanding); // its buffers come from its own connection's pool
        Assert.Equal(0, first.Outstanding);
        Assert.False(memory.IsEmpty);
    }

    [Fact]
    public async Task ImplicitTls_SessionLeavesCommandUnread_NextSessionNeverSeesIt()
    {
        await using var server = await TlsTestServer.StartAsync();
        for (var session = 0; session < 3; session++)
        {
            await using var client = await TestClient.ConnectAsync(server.ImplicitEndPoint);
            await client.AuthenticateAsync("edge.test");
            Assert.Equal("220 test", await client.ReadLineAsync());

            // The first line the server reads is answered first: PROTO, not a PING another session left behind.
            await client.WriteAsync("PROTO\r\n");
            Assert.Equal("250 Tls13", await client.ReadLineAsync());

            // QUIT and a PING in one record: the handler ends at QUIT, the PING stays unread in the plaintext pipe.
            await client.WriteAsync("QUIT\r\nPING\r\n");
            Assert.Equal("221 bye", await client.ReadLineAsync());
            Assert.Null(await client.ReadLineAsync());
        }
    }
}
