// TestClient: a raw-socket line client that can switch to TLS (client SslStream accepting any certificate).
// Plaintext is read byte by byte so nothing past a line is consumed before the TLS handshake.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Edge.Gateway.Tests.Tls;

internal sealed class TestClient : IAsyncDisposable
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly NetworkStream _network;

    private TestClient(Socket socket)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: true);
        Stream = _network;
    }

    public Stream Stream { get; private set; }

    public SslStream? Ssl { get; private set; }

    public static async Task<TestClient> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return new TestClient(socket);
    }

    /// <summary>Blocking connect, greeting, STARTTLS and handshake. A socket never used asynchronously makes
    /// blocking syscalls, and SslStream's sync path allocates nothing per read/write: used by the allocation test
    /// so that the process-wide figure is the server's.</summary>
    public static TestClient ConnectAndStartTlsBlocking(IPEndPoint endPoint, string targetHost)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endPoint);
        var client = new TestClient(socket);
        client.ExpectLine("220 test");
        client._network.Write("STARTTLS\r\n"u8);
        client.ExpectLine("220 2.0.0 Ready to start TLS");
        var ssl = new SslStream(client._network, leaveInnerStreamOpen: false);   // disposing the stream closes the socket
        ssl.AuthenticateAsClient(new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            RemoteCertificateValidationCallback = static (_, _, _, _) => true,
        });
        client.Ssl = ssl;
        client.Stream = ssl;
        return client;
    }

    private void ExpectLine(string expected)
    {
        var line = new StringBuilder();
        while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
        {
            var b = _network.ReadByte();
            if (b < 0)
            {
                throw new IOException("closed");
            }

            line.Append((char)b);
        }

        Assert.Equal(expected + "\r\n", line.ToString());
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.ASCII.GetBytes(text));

    public async Task WriteAsync(byte[] bytes)
    {
        using var cts = new CancellationTokenSource(IoTimeout);
        await Stream.WriteAsync(bytes, cts.Token);
        await Stream.FlushAsync(cts.Token);
    }

    /// <summary>Reads one CRLF-terminated line (without the CRLF); null at end of stream.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var cts = new CancellationTokenSource(IoTimeout);
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            var n = await Stream.ReadAsync(one, cts.Token);
            if (n == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)one[0]);
        }
    }

    /// <summary>Reads until the server closes; returns how many bytes arrived first (IOException/reset counts as closed).</summary>
    public async Task<int> ReadUntilClosedAsync()
    {
        using var cts = new CancellationTokenSource(IoTimeout);
        var buffer = new byte[256];
        var total = 0;
        try
        {
            while (true)
            {
                var n = await Stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    return total;
                }

                total += n;
            }
        }
        catch (IOException)
        {
            return total;
        }
    }

    public async Task<X509Certificate> AuthenticateAsync(string targetHost, SslProtocols protocols = SslProtocols.None)
    {
        var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
        using var cts = new CancellationTokenSource(IoTimeout);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            },
            cts.Token);
        Ssl = ssl;
        Stream = ssl;
        return ssl.RemoteCertificate!;
    }

    /// <summary>Plaintext "STARTTLS", expects the 220, then the client handshake.</summary>
    public async Task<X509Certificate> StartTlsAsync(string targetHost = "edge.test", SslProtocols protocols = SslProtocols.None)
    {
        await WriteAsync("STARTTLS\r\n");
        Assert.Equal("220 2.0.0 Ready to start TLS", await ReadLineAsync());
        return await AuthenticateAsync(targetHost, protocols);
    }

    public void Close() => _socket.Close();

    public async ValueTask DisposeAsync()
    {
        if (Ssl is not null)
        {
            await Ssl.DisposeAsync();
        }

        await _network.DisposeAsync();
    }
}
