// TlsSendCoalescingTests: what one TLS session sends, seen from a real client socket on the real host. TLS 1.3's
// session tickets (written after the client's Finished) reach the client in the same read as the first reply (the
// EHLO reply after STARTTLS, the greeting on implicit TLS); the 221 to QUIT arrives in one read with close_notify,
// after which the stream ends cleanly. TLS 1.2, whose last handshake flight the client waits for, still completes.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class TlsSendCoalescingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);

    private GatewayHost Host => fixture.Host;

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task StartTls_FirstReplyInOneReadWithTickets_QuitReplyInOneReadWithCloseNotify(SslProtocols protocol)
    {
        await using var client = await SessionClient.ConnectAsync(Host.Mx);
        Assert.StartsWith("220 ", client.ReadPlainLine(), StringComparison.Ordinal);
        client.WritePlain("EHLO client.test\r\n");
        while (client.ReadPlainLine().StartsWith("250-", StringComparison.Ordinal))
        {
        }

        client.WritePlain("STARTTLS\r\n");
        Assert.StartsWith("220 2.0.0", client.ReadPlainLine(), StringComparison.Ordinal);
        await client.HandshakeAsync(protocol);

        var reads = client.Wire.Reads.Count;
        var ehlo = await client.CommandAsync("EHLO client.test");
        Assert.StartsWith("250-", ehlo, StringComparison.Ordinal);
        Assert.DoesNotContain("STARTTLS", ehlo, StringComparison.Ordinal);
        AssertOneReadWith(client.Wire.Reads.Skip(reads).ToList(), minimumRecords: protocol == SslProtocols.Tls13 ? 2 : 1);

        await AssertQuitEndsWithCloseNotifyAsync(client);
    }

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task Implicit_GreetingInOneReadWithTickets_QuitReplyInOneReadWithCloseNotify(SslProtocols protocol)
    {
        await using var client = await SessionClient.ConnectAsync(Host.Submissions);
        await client.HandshakeAsync(protocol);

        var reads = client.Wire.Reads.Count;
        Assert.StartsWith("220 ", await client.ReadReplyAsync(), StringComparison.Ordinal);
        var greeting = client.Wire.Reads.Skip(reads).ToList();
        // TLS 1.2: the server's Finished flight and the greeting are two sends; when both are waiting by the time the
        // client reads its Finished, the handshake's own read takes the greeting too (nothing to coalesce there).
        if (protocol == SslProtocols.Tls13 || greeting.Count > 0)
        {
            AssertOneReadWith(greeting, minimumRecords: protocol == SslProtocols.Tls13 ? 2 : 1);
        }

        Assert.StartsWith("250", await client.CommandAsync("EHLO client.test"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("NOOP"), StringComparison.Ordinal);

        await AssertQuitEndsWithCloseNotifyAsync(client);
    }

    private static async Task AssertQuitEndsWithCloseNotifyAsync(SessionClient client)
    {
        var reads = client.Wire.Reads.Count;
        Assert.StartsWith("221 ", await client.CommandAsync("QUIT"), StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(IoTimeout);
        Assert.Equal(0, await client.Ssl!.ReadAsync(new byte[16], cts.Token)); // close_notify: a clean end, not a reset

        // The reply and the alert came in one read, followed by nothing but the end of the stream.
        var after = client.Wire.Reads.Skip(reads).ToList();
        Assert.Equal(2, CountRecords(after[0]));
        Assert.All(after.Skip(1), read => Assert.Empty(read));
    }

    private static void AssertOneReadWith(List<byte[]> reads, int minimumRecords)
    {
        var read = Assert.Single(reads);
        Assert.InRange(CountRecords(read), minimumRecords, int.MaxValue);
    }

    /// <summary>Whole TLS records in one read (RFC 8446 5.1 headers); fails on a partial record.</summary>
    private static int CountRecords(byte[] data)
    {
        var records = 0;
        var offset = 0;
        while (offset < data.Length)
        {
            Assert.True(data.Length - offset >= 5, "a partial record header");
            offset += 5 + ((data[offset + 3] << 8) | data[offset + 4]);
            records++;
        }

        Assert.Equal(data.Length, offset);
        return records;
    }

    /// <summary>Plaintext line by line (nothing read past a line before the handshake), then SslStream over a
    /// stream that keeps every raw read.</summary>
    private sealed class SessionClient : IAsyncDisposable
    {
        private readonly NetworkStream _network;

        private SessionClient(NetworkStream network)
        {
            _network = network;
            Wire = new RecordingStream(network);
        }

        public RecordingStream Wire { get; }

        public SslStream? Ssl { get; private set; }

        public static async Task<SessionClient> ConnectAsync(IPEndPoint endPoint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endPoint);
            socket.ReceiveTimeout = (int)IoTimeout.TotalMilliseconds;
            return new SessionClient(new NetworkStream(socket, ownsSocket: true));
        }

        public void WritePlain(string text) => _network.Write(Encoding.ASCII.GetBytes(text));

        public string ReadPlainLine()
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

            return line.ToString();
        }

        public async Task HandshakeAsync(SslProtocols protocol)
        {
            var ssl = new SslStream(Wire, leaveInnerStreamOpen: true);
            using var cts = new CancellationTokenSource(IoTimeout);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    EnabledSslProtocols = protocol,
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                },
                cts.Token);
            Assert.Equal(protocol, ssl.SslProtocol);
            Ssl = ssl;
        }

        public async Task<string> CommandAsync(string line)
        {
            using var cts = new CancellationTokenSource(IoTimeout);
            await Ssl!.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), cts.Token);
            await Ssl.FlushAsync(cts.Token);
            return await ReadReplyAsync();
        }

        /// <summary>One whole reply (up to its "NNN " line).</summary>
        public async Task<string> ReadReplyAsync()
        {
            using var cts = new CancellationTokenSource(IoTimeout);
            var text = new StringBuilder();
            var buffer = new byte[4096];
            while (!IsWholeReply(text.ToString()))
            {
                var n = await Ssl!.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    throw new IOException("closed inside a reply: " + text);
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            return text.ToString();
        }

        private static bool IsWholeReply(string text)
        {
            if (!text.EndsWith("\r\n", StringComparison.Ordinal))
            {
                return false;
            }

            var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            return lines[^1].Length >= 4 && lines[^1][3] == ' ';
        }

        public async ValueTask DisposeAsync()
        {
            if (Ssl is not null)
            {
                await Ssl.DisposeAsync();
            }

            await _network.DisposeAsync();
        }
    }

    /// <summary>Passes reads and writes through and keeps a copy of what each read returned.</summary>
    private sealed class RecordingStream(Stream inner) : Stream
    {
        private readonly List<byte[]> _reads = [];

        public IReadOnlyList<byte[]> Reads
        {
            get
            {
                lock (_reads)
                {
                    return [.. _reads];
                }
            }
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer, cancellationToken);
            if (buffer.Length > 0)
            {
                lock (_reads)
                {
                    _reads.Add(buffer[..n].ToArray());
                }
            }

            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
