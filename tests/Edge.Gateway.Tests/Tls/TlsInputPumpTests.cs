// TlsInputPumpTests: the TLS read side over a real loopback socket and real TLS (TlsPumpPair): records that arrive
// in fragments or many to a segment, large transfers under back-pressure, cancellation, the peer's close_notify, a
// close between records and in the middle of one, no buffer held while idle, and stopping while a read waits.
using System.Security.Cryptography;
using System.Text;

namespace Edge.Gateway.Tests.Tls;

public sealed class TlsInputPumpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1500)]
    public async Task Read_RecordsArriveInFragments_EveryOctetInOrder(int chunk)
    {
        await using var pair = await TlsPumpPair.StartAsync();
        pair.Wire.ChunkSize = chunk; // headers split across sends for chunk < 5
        var sizes = chunk < 7 ? new[] { 1, 2, 5, 17, 300, 2000 } : new[] { 1, 5, 300, 4095, 4096, 4097, 16384, 20000 };
        var expected = new MemoryStream();
        foreach (var size in sizes)
        {
            var message = RandomNumberGenerator.GetBytes(size);
            expected.Write(message);
            await pair.SendAsync(message);
        }

        var received = await pair.ReceiveAsync((int)expected.Length);

        Assert.Equal(expected.ToArray(), received);
    }

    [Fact]
    public async Task Read_DataInTheSegmentOfTheClientFinished_Delivered()
    {
        // The pump starts by waiting on the socket: nothing may be left inside SslStream after the handshake.
        await using var pair = await TlsPumpPair.StartAsync(sentWithFinished: "EHLO client.test\r\n"u8.ToArray());

        Assert.Equal("EHLO client.test\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(18)));
    }

    [Fact]
    public async Task Read_ManyRecordsInOneSegment_AllLinesInOrder()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        pair.Wire.Corked = true;
        var expected = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            var line = $"NOOP {i}\r\n";
            expected.Append(line);
            await pair.SendAsync(Encoding.ASCII.GetBytes(line)); // one TLS record per line
        }

        await pair.Wire.ReleaseAsync();
        var received = await pair.ReceiveAsync(expected.Length);

        Assert.Equal(expected.ToString(), Encoding.ASCII.GetString(received));
    }

    [Fact]
    public async Task Read_LargeTransferToSlowReader_BoundedBufferingAndIntact()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        var payload = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        var send = Task.Run(async () =>
        {
            for (var offset = 0; offset < payload.Length; offset += 16 * 1024)
            {
                await pair.SendAsync(payload.AsMemory(offset, 16 * 1024));
            }
        });

        // Read in small steps: the pump runs ahead until back-pressure stops it.
        using var timeout = new CancellationTokenSource(TlsPumpPair.IoTimeout * 4);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        while (total < payload.Length)
        {
            var result = await pair.Reader.ReadAsync(timeout.Token);
            var take = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, 1000));
            foreach (var segment in take)
            {
                hash.AppendData(segment.Span);
            }

            total += take.Length;
            pair.Reader.AdvanceTo(take.End);
            Assert.False(result.IsCompleted && take.Length == 0, "input ended early");
        }

        await send.WaitAsync(timeout.Token);
        Assert.Equal(SHA256.HashData(payload), hash.GetHashAndReset());

        // 32 KiB pause threshold + up to 16 KiB decrypted before a flush + the block being filled: 13 blocks of 4 KiB.
        Assert.InRange(pair.Pool.Peak, 1, 13);
    }

    [Fact]
    public async Task Read_CancelPendingRead_ReturnsCanceledThenTheNextData()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        var pending = pair.Reader.ReadAsync();
        Assert.False(pending.IsCompleted);

        pair.Reader.CancelPendingRead();
        var canceled = await pending.AsTask().WaitAsync(TlsPumpPair.IoTimeout);
        Assert.True(canceled.IsCanceled);
        Assert.True(canceled.Buffer.IsEmpty);
        pair.Reader.AdvanceTo(canceled.Buffer.End);

        await pair.SendAsync("PING\r\n"u8.ToArray());
        Assert.Equal("PING\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(6)));
    }

    [Fact]
    public async Task Read_TokenCanceled_ThrowsAndTheSessionCarriesOn()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        using var cts = new CancellationTokenSource();
        var pending = pair.Reader.ReadAsync(cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TlsPumpPair.IoTimeout));
        await pair.SendAsync("PING\r\n"u8.ToArray());
        Assert.Equal("PING\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(6)));
    }

    [Fact]
    public async Task Read_PeerSendsCloseNotify_DataThenCompleted()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        await pair.SendAsync("QUIT\r\n"u8.ToArray());
        await pair.Client.ShutdownAsync();

        Assert.Equal("QUIT\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(6)));
        var end = await pair.Reader.ReadAsync().AsTask().WaitAsync(TlsPumpPair.IoTimeout);
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
    }

    [Fact]
    public async Task Read_PeerClosesBetweenRecords_DataThenCompleted()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        await pair.SendAsync("QUIT\r\n"u8.ToArray());
        pair.Wire.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send); // FIN, no close_notify

        Assert.Equal("QUIT\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(6)));
        var end = await pair.Reader.ReadAsync().AsTask().WaitAsync(TlsPumpPair.IoTimeout);
        Assert.True(end.IsCompleted);
    }

    [Theory]
    [InlineData(3)]   // inside the header
    [InlineData(40)]  // inside the payload
    public async Task Read_PeerClosesInsideARecord_FaultsWithIOException(int sent)
    {
        await using var pair = await TlsPumpPair.StartAsync();
        await pair.SendAsync("MAIL FROM:<a@example.org>\r\n"u8.ToArray());
        Assert.Equal(27, (await pair.ReceiveAsync(27)).Length);

        pair.Wire.TruncateNextWriteTo(sent);
        await pair.SendAsync(Encoding.ASCII.GetBytes(new string('x', 200) + "\r\n"));
        pair.Wire.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        await Assert.ThrowsAsync<IOException>(async () => await pair.Reader.ReadAsync().AsTask().WaitAsync(TlsPumpPair.IoTimeout));
    }

    [Fact]
    public async Task Idle_AfterInputConsumed_HoldsNoBuffer()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            await pair.SendAsync(RandomNumberGenerator.GetBytes(3000));
            await pair.ReceiveAsync(3000);
        }

        Assert.True(pair.Pool.Peak > 0);
        Assert.Equal(0, await pair.BlocksHeldOnceIdleAsync());

        // And the session still works after idling.
        await pair.SendAsync("PING\r\n"u8.ToArray());
        Assert.Equal("PING\r\n", Encoding.ASCII.GetString(await pair.ReceiveAsync(6)));
    }

    [Fact]
    public async Task Dispose_WhileWaitingForInput_StopsAndTheServerCanStillSendCloseNotify()
    {
        await using var pair = await TlsPumpPair.StartAsync();
        await pair.SendAsync("PING\r\n"u8.ToArray());
        await pair.ReceiveAsync(6);

        await pair.Reader.CompleteAsync();
        await pair.Pump.DisposeAsync().AsTask().WaitAsync(TlsPumpPair.IoTimeout);
        await pair.Server.WriteAsync("221 bye\r\n"u8.ToArray());
        await pair.Server.ShutdownAsync().WaitAsync(TlsPumpPair.IoTimeout);
        await pair.Transport.Output.FlushAsync();

        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TlsPumpPair.IoTimeout);
        var read = 0;
        int n;
        while ((n = await pair.Client.ReadAsync(buffer.AsMemory(read), timeout.Token)) > 0)
        {
            read += n;
        }

        Assert.Equal("221 bye\r\n", Encoding.ASCII.GetString(buffer, 0, read)); // then 0: close_notify, a clean end
        Assert.Equal(0, pair.Pool.Outstanding);
    }
}
