// PipeStreamRecordTests: PipeStream built with one TLS record per read, over a real loopback socket. A read never
// returns octets past the end of the record it starts in, waits for a whole 5-octet header before returning anything
// of a new record, and hands over a header cut short by the peer's close so SslStream can report the truncation.
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

public sealed class PipeStreamRecordTests
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Read_TwoRecordsBuffered_ReturnsOneRecordPerRead()
    {
        await using var pair = await SocketPair.StartAsync();
        var first = Record(0x17, 300);
        var second = Record(0x17, 20);
        await pair.Client.SendAsync(first.Concat(second).ToArray());

        var buffer = new byte[64 * 1024];
        Assert.Equal(first.Length, await ReadAtLeastAsync(pair.Stream, buffer, first.Length));
        Assert.Equal(second.Length, await pair.Stream.ReadAsync(buffer).AsTask().WaitAsync(IoTimeout));
        Assert.Equal(second, buffer[..second.Length]);
    }

    [Fact]
    public async Task Read_PartOfAHeaderBuffered_WaitsForTheWholeHeader()
    {
        await using var pair = await SocketPair.StartAsync();
        var record = Record(0x17, 100);
        await pair.Client.SendAsync(record[..3]);
        await pair.Stream.ReadAsync(Memory<byte>.Empty).AsTask().WaitAsync(IoTimeout); // the 3 octets are in the pipe

        var buffer = new byte[64 * 1024];
        var read = pair.Stream.ReadAsync(buffer).AsTask();
        await pair.Client.SendAsync(record[3..]);
        var count = await read.WaitAsync(IoTimeout);

        Assert.InRange(count, 5, record.Length); // never the 3 octets alone
        Assert.Equal(record[..count], buffer[..count]);
    }

    [Fact]
    public async Task Read_PeerClosesInsideAHeader_ReturnsWhatCameThenEnd()
    {
        await using var pair = await SocketPair.StartAsync();
        await pair.Client.SendAsync(new byte[] { 0x17, 0x03 });
        pair.Client.Shutdown(SocketShutdown.Send);

        var buffer = new byte[64];
        Assert.Equal(2, await pair.Stream.ReadAsync(buffer).AsTask().WaitAsync(IoTimeout));
        Assert.Equal(0, await pair.Stream.ReadAsync(buffer).AsTask().WaitAsync(IoTimeout));
        Assert.True(pair.Stream.ReachedEnd);
    }

    [Fact]
    public async Task Read_SmallDestination_RecordSpreadOverReadsThenTheNextRecord()
    {
        await using var pair = await SocketPair.StartAsync();
        var first = Record(0x17, 10);
        var second = Record(0x15, 2);
        await pair.Client.SendAsync(first.Concat(second).ToArray());

        var received = new List<byte>();
        var buffer = new byte[4];
        while (received.Count < first.Length)
        {
            var n = await pair.Stream.ReadAsync(buffer).AsTask().WaitAsync(IoTimeout);
            Assert.InRange(n, 1, first.Length - received.Count); // never past the first record's end
            received.AddRange(buffer[..n]);
        }

        Assert.Equal(first, received.ToArray());
        Assert.Equal(4, await pair.Stream.ReadAsync(buffer).AsTask().WaitAsync(IoTimeout));
        Assert.Equal(second[..4], buffer);
    }

    private static async Task<int> ReadAtLeastAsync(Stream stream, byte[] buffer, int count)
    {
        var read = 0;
        while (read < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read)).AsTask().WaitAsync(IoTimeout);
            Assert.NotEqual(0, n);
            read += n;
        }

        return read;
    }

    private static byte[] Record(byte type, int payload)
    {
        var record = new byte[5 + payload];
        record[0] = type;
        record[1] = 0x03;
        record[2] = 0x03;
        record[3] = (byte)(payload >> 8);
        record[4] = (byte)payload;
        for (var i = 5; i < record.Length; i++)
        {
            record[i] = (byte)i;
        }

        return record;
    }

    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly NetworkStream _network;
        private readonly IDuplexPipe _transport;

        private SocketPair(Socket client, NetworkStream network, IDuplexPipe transport)
        {
            Client = client;
            _network = network;
            _transport = transport;
            Stream = new PipeStream(transport, oneTlsRecordPerRead: true);
        }

        public Socket Client { get; }

        public PipeStream Stream { get; }

        public static async Task<SocketPair> StartAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await client.ConnectAsync(listener.LocalEndPoint!);
            var network = new NetworkStream(await listener.AcceptAsync(), ownsSocket: true);
            return new SocketPair(client, network, new Duplex(PipeReader.Create(network), PipeWriter.Create(network)));
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await _transport.Input.CompleteAsync();
            await _transport.Output.CompleteAsync();
            await _network.DisposeAsync();
            Client.Dispose();
        }

        private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
        {
            public PipeReader Input { get; } = input;

            public PipeWriter Output { get; } = output;
        }
    }
}
