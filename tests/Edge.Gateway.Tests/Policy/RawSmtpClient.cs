// RawSmtpClient: a byte-level client over a real socket for the connection-policy tests: it can send a PROXY
// header or talk before the greeting (what MailKit would never do), read replies line by line, and tell an
// orderly close from a reply.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Tests.Policy;

internal sealed class RawSmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    private RawSmtpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<RawSmtpClient> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return new RawSmtpClient(socket);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Reads one reply line (without CRLF), or null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync()
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        while (true)
        {
            int lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                string line = Encoding.ASCII.GetString(_buffer, _start, lf - _start).TrimEnd('\r');
                _start = lf + 1;
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
            }
            catch (IOException)
            {
                return null; // reset by the server: closed as well
            }

            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    /// <summary>Reads one whole reply (the last line of a multi-line reply), or null on close.</summary>
    public async Task<string?> ReadReplyAsync()
    {
        while (true)
        {
            string? line = await ReadLineAsync();
            if (line is null || line.Length < 4 || line[3] != '-')
            {
                return line;
            }
        }
    }

    /// <summary>Sends a command and returns its reply.</summary>
    public async Task<string?> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>True when the server closes the connection with nothing (more) sent.</summary>
    public async Task<bool> IsClosedAsync() => await ReadLineAsync() is null;

    /// <summary>Runs a whole transaction and QUIT; returns the reply to the end of data.</summary>
    public async Task<string?> SendMessageAsync(string subject)
    {
        Assert.StartsWith("250", await CommandAsync("EHLO client.example"));
        Assert.StartsWith("250", await CommandAsync("MAIL FROM:<sender@example.org>"));
        Assert.StartsWith("250", await CommandAsync("RCPT TO:<user@localhost>"));
        Assert.StartsWith("354", await CommandAsync("DATA"));
        string? reply = await CommandAsync($"Subject: {subject}\r\n\r\nHello.\r\n.");
        await CommandAsync("QUIT");
        return reply;
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
