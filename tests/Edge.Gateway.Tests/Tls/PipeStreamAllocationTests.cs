// PipeStreamAllocationTests: a command round trip over TLS (Kestrel transport → PipeStream → SslStream → TLS pipe
// → handler and back) allocates nothing beyond what the same round trip costs in plaintext. Runs alone (no
// parallel tests) because GC.GetTotalAllocatedBytes counts the whole process.
using System.Net;
using System.Net.Sockets;
using Edge.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace Edge.Gateway.Tests.Tls;

[Collection(MemoryMeasurement.Name)]
public sealed class PipeStreamAllocationTests(ITestOutputHelper output)
{
    private const int WarmUpRoundTrips = 2_000;
    private const int RoundTripsPerBatch = 2_000;
    private const int Batches = 5;

    // PipeReader/PipeWriter.AsStream under SslStream cost ~180 B per round trip; the PipeStream should add ~0.
    // Plaintext is measured as the baseline on the same server. Other threads (heartbeat, test runner) add noise, hence the margins.
    // Under CPU contention more SslStream reads complete asynchronously and allocate; measured 0.1-81 B here.
    // The bound still catches the ~180 B/round trip of PipeReader.AsStream under SslStream.
    private const double MaxTlsOverheadBytesPerRoundTrip = 128;
    private const double MaxTlsBytesPerRoundTrip = 160;

    private static readonly byte[] Ping = "PING\r\n"u8.ToArray();
    private static readonly byte[] Pong = "250 PONG\r\n"u8.ToArray();

    [Fact]
    public async Task PingOverTls_AfterWarmUp_AllocatesNoMoreThanPlaintext()
    {
        await using var server = await TlsTestServer.StartAsync();

        var plain = await MeasureAsync(() => ConnectPlainBlocking(server.PlainEndPoint));
        var tls = await MeasureAsync(() => TestClient.ConnectAndStartTlsBlocking(server.StartTlsEndPoint, "edge.test").Stream);

        output.WriteLine($"PING round trips, best of {Batches} x {RoundTripsPerBatch}, process-wide GC.GetTotalAllocatedBytes: plaintext {plain:F2} B/round trip, STARTTLS session {tls:F2} B/round trip");
        Assert.True(tls - plain < MaxTlsOverheadBytesPerRoundTrip, $"TLS {tls:F2} vs plaintext {plain:F2} B per round trip");
        Assert.True(tls < MaxTlsBytesPerRoundTrip, $"TLS {tls:F2} B per round trip");
    }

    // The client runs blocking on its own thread: a socket never used asynchronously makes blocking syscalls and
    // SslStream's sync path allocates nothing per read/write, so the figure is the server's.
    private static async Task<double> MeasureAsync(Func<Stream> connect)
    {
        double perRoundTrip = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var stream = connect();
                var buffer = new byte[64];
                RoundTrips(stream, buffer, WarmUpRoundTrips);
                perRoundTrip = double.MaxValue;
                for (var batch = 0; batch < Batches; batch++)
                {
                    var before = GC.GetTotalAllocatedBytes(precise: true);
                    RoundTrips(stream, buffer, RoundTripsPerBatch);
                    var after = GC.GetTotalAllocatedBytes(precise: true);
                    perRoundTrip = Math.Min(perRoundTrip, (after - before) / (double)RoundTripsPerBatch);
                }
            }
            catch (IOException ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        Assert.True(await Task.Run(() => thread.Join(TimeSpan.FromSeconds(60))), "round trips did not finish");
        Assert.Null(failure);
        return perRoundTrip;
    }

    private static NetworkStream ConnectPlainBlocking(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endPoint);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var greeting = "220 test\r\n"u8.Length;
        for (var i = 0; i < greeting; i++)
        {
            stream.ReadByte();
        }

        return stream;
    }

    private static void RoundTrips(Stream stream, byte[] buffer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            stream.Write(Ping);
            var read = 0;
            while (read < Pong.Length)
            {
                var n = stream.Read(buffer, read, buffer.Length - read);
                if (n == 0)
                {
                    throw new IOException("server closed");
                }

                read += n;
            }

            if (!buffer.AsSpan(0, read).SequenceEqual(Pong))
            {
                throw new IOException("unexpected reply");
            }
        }
    }
}
