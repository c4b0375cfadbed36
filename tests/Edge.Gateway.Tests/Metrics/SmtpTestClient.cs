// SmtpTestClient: a raw-socket SMTP client for metric tests: exact bytes on the wire (pipelined injections,
// garbage instead of a ClientHello), STARTTLS and implicit TLS with a client SslStream trusting any certificate.
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Edge.Gateway.Tests.Metrics;

internal sealed class SmtpTestClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;

    private SmtpTestClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public static async Task<SmtpTestClient> ConnectAsync(IPEndPoint endpoint, bool implicitTls, bool readGreeting = true)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        var client = new SmtpTestClient(tcp, tcp.GetStream());
        if (implicitTls)
        {
            await client.HandshakeAsync();
        }

        if (readGreeting)
        {
            Assert.StartsWith("220", await client.ReadReplyAsync());
        }

        return client;
    }

    /// <summary>Sends one command line and returns the complete reply (all lines).</summary>
    public async Task<string> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async Task SendAsync(string raw)
    {
        var bytes = Encoding.ASCII.GetBytes(raw);
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>STARTTLS, then the handshake.</summary>
    public async Task StartTlsAsync()
    {
        Assert.StartsWith("220", await CommandAsync("STARTTLS"));
        await HandshakeAsync();
    }

    public async Task HandshakeAsync()
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync("localhost");
        _stream = ssl;
    }

    /// <summary>MAIL, RCPT, DATA and the content (already dot-stuffed, without the final dot line); returns the final reply.</summary>
    public async Task<string> SendMessageAsync(string recipient, string content)
    {
        Assert.StartsWith("250", await CommandAsync("MAIL FROM:<sender@example.org>"));
        Assert.StartsWith("250", await CommandAsync($"RCPT TO:<{recipient}>"));
        Assert.StartsWith("354", await CommandAsync("DATA"));
        await SendAsync(content + ".\r\n");
        return await ReadReplyAsync();
    }

    public async Task QuitAsync()
    {
        Assert.StartsWith("221", await CommandAsync("QUIT"));
        await WaitForCloseAsync();
    }

    /// <summary>Reads until the server closes the connection (or resets it).</summary>
    public async Task WaitForCloseAsync()
    {
        var buffer = new byte[256];
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (await _stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // reset: closed as well
        }
    }

    public async Task<string> ReadReplyAsync()
    {
        var reply = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync();
            reply.Append(line).Append('\n');
            if (line.Length < 4 || line[3] != '-')
            {
                return reply.ToString();
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        // Byte by byte: nothing may be buffered past a line when the stream is swapped for TLS.
        var line = new StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (await _stream.ReadAsync(one, timeout.Token) == 0)
            {
                throw new IOException($"Connection closed after '{line}'.");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)one[0]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
