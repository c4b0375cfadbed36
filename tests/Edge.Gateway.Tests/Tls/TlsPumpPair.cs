// TlsPumpPair: one real TLS session over a loopback socket, server side built the way TlsConnection builds it
// (socket pipe → PipeStream with one TLS record per read → SslStream → TlsInputPump into a counting pool); the client
// is a .NET SslStream over a WireStream, so tests shape what the server receives.
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Tls;

namespace Edge.Gateway.Tests.Tls;

internal sealed class TlsPumpPair : IAsyncDisposable
{
    public static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);
    private static readonly Lazy<X509Certificate2> Certificate = new(() => TestCertificates.Create("edge.test", "edge.test"));

    private readonly NetworkStream _serverNetwork;

    private TlsPumpPair(NetworkStream serverNetwork, IDuplexPipe transport, SslStream server, TlsInputPump pump, CountingMemoryPool pool, WireStream wire, SslStream client)
    {
        _serverNetwork = serverNetwork;
        Transport = transport;
        Server = server;
        Pump = pump;
        Pool = pool;
        Wire = wire;
        Client = client;
    }

    public IDuplexPipe Transport { get; }

    public SslStream Server { get; }

    public TlsInputPump Pump { get; }

    public PipeReader Reader => Pump.Reader;

    public CountingMemoryPool Pool { get; }

    public WireStream Wire { get; }

    public SslStream Client { get; }

    /// <param name="sentWithFinished">Data the client writes right after its handshake, held back and sent in one TCP
    /// segment with the client's Finished (TLS 1.3, where the client's handshake ends with its Finished).</param>
    public static async Task<TlsPumpPair> StartAsync(byte[]? sentWithFinished = null)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await clientSocket.ConnectAsync(listener.LocalEndPoint!);
        var serverSocket = await listener.AcceptAsync();
        serverSocket.NoDelay = true;

        var serverNetwork = new NetworkStream(serverSocket, ownsSocket: true);
        var transport = new SocketDuplexPipe(PipeReader.Create(serverNetwork), PipeWriter.Create(serverNetwork));
        var server = new SslStream(new PipeStream(transport, oneTlsRecordPerRead: true), leaveInnerStreamOpen: false);
        var wire = new WireStream(clientSocket);
        var client = new SslStream(wire, leaveInnerStreamOpen: false);

        using var timeout = new CancellationTokenSource(IoTimeout);
        var serverHandshake = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate.Value }, timeout.Token);
        var clientOptions = new SslClientAuthenticationOptions { TargetHost = "edge.test", RemoteCertificateValidationCallback = static (_, _, _, _) => true };
        if (sentWithFinished is null)
        {
            await Task.WhenAll(serverHandshake, client.AuthenticateAsClientAsync(clientOptions, timeout.Token));
        }
        else
        {
            clientOptions.EnabledSslProtocols = SslProtocols.Tls13;
            wire.CorkAfterWrites = 1; // the ClientHello goes; the second flight (Finished) waits for the data
            await client.AuthenticateAsClientAsync(clientOptions, timeout.Token);
            await client.WriteAsync(sentWithFinished, timeout.Token);
            await wire.ReleaseAsync();
            await serverHandshake;
        }

        var pool = new CountingMemoryPool();
        var pump = new TlsInputPump(server, transport.Input, pool, CountingMemoryPool.BlockSize);
        pump.Start();
        return new TlsPumpPair(serverNetwork, transport, server, pump, pool, wire, client);
    }

    /// <summary>Writes through the client's SslStream (one write: one TLS record up to 16 KiB).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var timeout = new CancellationTokenSource(IoTimeout);
        await Client.WriteAsync(bytes, timeout.Token);
    }

    /// <summary>Reads from the pump until <paramref name="count"/> octets arrived or the input ended.</summary>
    public async Task<byte[]> ReceiveAsync(int count)
    {
        using var timeout = new CancellationTokenSource(IoTimeout);
        var received = new MemoryStream();
        while (received.Length < count)
        {
            var result = await Reader.ReadAsync(timeout.Token);
            var take = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, count - received.Length));
            foreach (var segment in take)
            {
                received.Write(segment.Span);
            }

            Reader.AdvanceTo(take.End);
            if (result.IsCompleted && take.Length == result.Buffer.Length)
            {
                break;
            }
        }

        return received.ToArray();
    }

    /// <summary>Waits (bounded) until the pump holds no block: it is back to waiting on the socket.</summary>
    public async Task<int> BlocksHeldOnceIdleAsync()
    {
        for (var i = 0; i < 200 && Pool.Outstanding != 0; i++)
        {
            await Task.Delay(10);
        }

        return Pool.Outstanding;
    }

    public async ValueTask DisposeAsync()
    {
        await Reader.CompleteAsync();
        await Pump.DisposeAsync();
        await Server.DisposeAsync();
        await Transport.Input.CompleteAsync();
        await Transport.Output.CompleteAsync();
        await _serverNetwork.DisposeAsync();
        await Client.DisposeAsync();
    }

    private sealed class SocketDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
