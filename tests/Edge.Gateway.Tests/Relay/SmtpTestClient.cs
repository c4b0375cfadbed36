// SmtpTestClient: a raw-socket SMTP client for relay tests: commands and whole replies as strings, and messages
// sent with client-side dot-stuffing, so every byte the gateway gets is chosen by the test.
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Tests.Relay;

internal sealed class SmtpTestClient : IAsyncDisposable
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(20);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    private SmtpTestClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public string Greeting { get; private set; } = "";

    /// <summary>The client's own port (what XFORWARD/XCLIENT PORT carries).</summary>
    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public static async Task<SmtpTestClient> ConnectAsync(IPEndPoint endPoint, string helo = "client.example")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        var client = new SmtpTestClient(socket);
        client.Greeting = await client.ReadReplyAsync();
        var ehlo = await client.CommandAsync($"EHLO {helo}");
        Assert.StartsWith("250", ehlo, StringComparison.Ordinal);
        return client;
    }

    /// <summary>Sends one command line and returns the whole reply (lines joined by CRLF, without the last CRLF).</summary>
    public async Task<string> CommandAsync(string line)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
        return await ReadReplyAsync();
    }

    /// <summary>Sends raw bytes (e.g. a BDAT command and its chunk) and returns the reply.</summary>
    public async Task<string> RawAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        return await ReadReplyAsync();
    }

    /// <summary>MAIL, RCPT..., DATA, stuffed body, final dot. Returns the final reply, or the reply that ended the transaction.</summary>
    public async Task<string> SendAsync(string from, IEnumerable<string> to, byte[] body)
    {
        var mail = await CommandAsync($"MAIL FROM:<{from}>");
        if (!mail.StartsWith('2'))
        {
            return mail;
        }

        var accepted = 0;
        var refusal = "";
        foreach (var recipient in to)
        {
            var rcpt = await CommandAsync($"RCPT TO:<{recipient}>");
            if (rcpt.StartsWith('2'))
            {
                accepted++;
            }
            else
            {
                refusal = rcpt;
            }
        }

        if (accepted == 0)
        {
            await CommandAsync("RSET");
            return refusal;
        }

        var data = await CommandAsync("DATA");
        if (!data.StartsWith("354", StringComparison.Ordinal))
        {
            return data;
        }

        await _stream.WriteAsync(Stuff(body));
        return await ReadReplyAsync();
    }

    /// <summary>Dot-stuffs a CRLF body and appends the terminator.</summary>
    public static byte[] Stuff(byte[] body)
    {
        var output = new MemoryStream();
        var lineStart = true;
        foreach (var b in body)
        {
            if (lineStart && b == (byte)'.')
            {
                output.WriteByte((byte)'.');
            }

            output.WriteByte(b);
            lineStart = b == (byte)'\n';
        }

        if (!lineStart)
        {
            output.Write("\r\n"u8);
        }

        output.Write(".\r\n"u8);
        return output.ToArray();
    }

    public async Task<string> ReadReplyAsync()
    {
        var reply = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync();
            if (line is null)
            {
                return reply.Length == 0 ? "(connection closed)" : reply.ToString();
            }

            if (reply.Length > 0)
            {
                reply.Append("\r\n");
            }

            reply.Append(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return reply.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _stream.WriteAsync("QUIT\r\n"u8.ToArray());
        }
        catch (IOException)
        {
        }

        await _stream.DisposeAsync();
        _socket.Dispose();
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new MemoryStream();
        using var timeout = new CancellationTokenSource(IoTimeout);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _stream.ReadAsync(_buffer, timeout.Token);
                if (_end == 0)
                {
                    return line.Length == 0 ? null : Encoding.UTF8.GetString(line.ToArray());
                }
            }

            var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                line.Write(_buffer, _start, lf - _start);
                _start = lf + 1;
                var text = Encoding.UTF8.GetString(line.ToArray());
                return text.EndsWith('\r') ? text[..^1] : text;
            }

            line.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
    }
}
