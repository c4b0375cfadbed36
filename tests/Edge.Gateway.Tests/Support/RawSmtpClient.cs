// RawSmtpClient: a raw-socket SMTP client for tests that need exact bytes on the wire: it writes whatever it is
// given (pipelined groups, bare LF, over-long lines) and reads replies multi-line aware. Every read is bounded
// by IoTimeout. It can switch to TLS (client SslStream accepting any certificate) and refuses to if plaintext
// from the server is still unread, so no test can silently lose a reply across the switch.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Tests.Support;

internal sealed class RawSmtpClient : IAsyncDisposable
{
    public static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);

    private const int MaxReplyLines = 200;
    private const int MaxLineLength = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private RawSmtpClient(Socket socket)
    {
        _socket = socket;
        _network = new NetworkStream(socket, ownsSocket: true);
        Stream = _network;
    }

    /// <summary>The stream in use: the socket, or TLS over it.</summary>
    public Stream Stream { get; private set; }

    public SslStream? Ssl { get; private set; }

    /// <summary>Socket reads that returned data so far: replies flushed together arrive in one read.</summary>
    public int Reads { get; private set; }

    /// <summary>Connects; with <paramref name="implicitTls"/> the TLS handshake runs first. Does not read the greeting.</summary>
    public static async Task<RawSmtpClient> ConnectAsync(IPEndPoint endPoint, bool implicitTls = false)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var cts = new CancellationTokenSource(IoTimeout);
            await socket.ConnectAsync(endPoint, cts.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new RawSmtpClient(socket);
        if (implicitTls)
        {
            await client.UpgradeToTlsAsync();
        }

        return client;
    }

    /// <summary>Connects, reads the 220 greeting and sends EHLO (optionally STARTTLS and EHLO again).</summary>
    public static async Task<RawSmtpClient> OpenSessionAsync(IPEndPoint endPoint, bool startTls = false, bool implicitTls = false)
    {
        var client = await ConnectAsync(endPoint, implicitTls);
        try
        {
            Assert.Equal(220, (await client.ReadReplyAsync()).Code);
            Assert.Equal(250, (await client.CommandAsync("EHLO client.test")).Code);
            if (startTls)
            {
                Assert.Equal(220, (await client.CommandAsync("STARTTLS")).Code);
                await client.UpgradeToTlsAsync();
                Assert.Equal(250, (await client.CommandAsync("EHLO client.test")).Code);
            }

            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8, exactly (no CRLF added).</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> exactly, in one write.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(IoTimeout);
        await Stream.WriteAsync(bytes, cts.Token);
        await Stream.FlushAsync(cts.Token);
    }

    /// <summary>Sends one command line (CRLF added) and reads its reply.</summary>
    public async Task<SmtpResponse> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Reads one reply: continuation lines (<c>250-</c>) up to the final one (<c>250 </c>).</summary>
    public async Task<SmtpResponse> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (lines.Count < MaxReplyLines)
        {
            var line = await ReadLineAsync() ?? throw new IOException("Connection closed while reading a reply; got: " + string.Join(" | ", lines));
            lines.Add(line);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
            {
                throw new InvalidDataException("Not an SMTP reply line: " + line);
            }

            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpResponse(code, lines);
            }

            if (line[3] != '-')
            {
                throw new InvalidDataException("Not an SMTP reply line: " + line);
            }
        }

        throw new InvalidDataException($"A reply of more than {MaxReplyLines} lines: " + string.Join(" | ", lines.Take(5)));
    }

    /// <summary>Reads <paramref name="count"/> replies in order.</summary>
    public async Task<SmtpResponse[]> ReadRepliesAsync(int count)
    {
        var replies = new SmtpResponse[count];
        for (var i = 0; i < count; i++)
        {
            replies[i] = await ReadReplyAsync();
        }

        return replies;
    }

    /// <summary>Reads one CRLF-terminated line (without the CRLF); null when the server closed first.</summary>
    public async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end && !await FillAsync())
            {
                return null;
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var lf = span.IndexOf((byte)'\n');
            if (lf < 0)
            {
                if (line.Count + span.Length > MaxLineLength)
                {
                    throw new InvalidDataException($"A reply line longer than {MaxLineLength} octets.");
                }

                line.AddRange(span);
                _start = _end;
                continue;
            }

            if (line.Count + lf > MaxLineLength)
            {
                throw new InvalidDataException($"A reply line longer than {MaxLineLength} octets.");
            }

            line.AddRange(span[..lf]);
            _start += lf + 1;
            if (line.Count == 0 || line[^1] != (byte)'\r')
            {
                throw new InvalidDataException("Reply line not ended by CRLF: " + Encoding.UTF8.GetString([.. line]));
            }

            line.RemoveAt(line.Count - 1);
            return Encoding.UTF8.GetString([.. line]);
        }
    }

    /// <summary>True when the server closed the connection (EOF or reset) within <see cref="IoTimeout"/>; false if data arrived.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        if (_start != _end)
        {
            return false;
        }

        try
        {
            return !await FillAsync();
        }
        catch (IOException)
        {
            return true; // reset, or a TLS close without close_notify
        }
    }

    /// <summary>Client TLS handshake over the socket (any server certificate accepted).</summary>
    public async Task UpgradeToTlsAsync()
    {
        if (_start != _end)
        {
            throw new InvalidOperationException($"{_end - _start} plaintext bytes from the server are unread before the TLS handshake.");
        }

        var ssl = new SslStream(_network, leaveInnerStreamOpen: true);
        using var cts = new CancellationTokenSource(IoTimeout);
        try
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                },
                cts.Token);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }

        Ssl = ssl;
        Stream = ssl;
    }

    public async ValueTask DisposeAsync()
    {
        if (Ssl is not null)
        {
            await Ssl.DisposeAsync();
        }

        await _network.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<bool> FillAsync()
    {
        using var cts = new CancellationTokenSource(IoTimeout);
        int read;
        try
        {
            read = await Stream.ReadAsync(_buffer, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No data from the server within {IoTimeout.TotalSeconds} s.");
        }

        _start = 0;
        _end = read;
        if (read > 0)
        {
            Reads++;
        }

        return read > 0;
    }
}
