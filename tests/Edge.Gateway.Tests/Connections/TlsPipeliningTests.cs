// TlsPipeliningTests: pipelined SMTP (RFC 2920) over STARTTLS through the whole gateway, each command in its own TLS
// record and all records of a group arriving in one TCP segment, so the TLS read side must decrypt every record that
// is there (not only the first) before the handler waits again. Real socket, real TLS, messages delivered exactly.
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Edge.Gateway.Tests.Support;
using Edge.Gateway.Tests.Tls;

namespace Edge.Gateway.Tests.Connections;

public sealed class TlsPipeliningTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan IoTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Pipelining_OneRecordPerCommandInOneSegment_EveryReplyAndMessageDelivered()
    {
        var host = fixture.Host;
        var before = host.DeliveredFiles();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host.Mx);
        await using var wire = new WireStream(socket);
        var plain = new LineReader(wire, byteByByte: true); // nothing past the 220 may be read before the handshake
        Assert.StartsWith("220 ", await plain.ReadReplyAsync());
        await wire.WriteAsync("EHLO client.test\r\n"u8.ToArray());
        Assert.Contains("PIPELINING", await plain.ReadReplyAsync(), StringComparison.Ordinal);
        await wire.WriteAsync("STARTTLS\r\n"u8.ToArray());
        Assert.StartsWith("220 ", await plain.ReadReplyAsync());

        await using var ssl = new SslStream(wire, leaveInnerStreamOpen: true);
        using (var timeout = new CancellationTokenSource(IoTimeout))
        {
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = "localhost", RemoteCertificateValidationCallback = static (_, _, _, _) => true },
                timeout.Token);
        }

        var tls = new LineReader(ssl, byteByByte: false);
        const int Messages = 5;
        await SendRecordsAsync(wire, ssl, "EHLO client.test\r\n");
        Assert.Contains("PIPELINING", await tls.ReadReplyAsync(), StringComparison.Ordinal);
        for (var i = 0; i < Messages; i++)
        {
            await SendRecordsAsync(wire, ssl, "MAIL FROM:<a@example.org>\r\n", "RCPT TO:<user@localhost>\r\n", "RCPT TO:<other@localhost>\r\n", "DATA\r\n");
            Assert.Equal(["250", "250", "250", "354"], [(await tls.ReadReplyAsync())[..3], (await tls.ReadReplyAsync())[..3], (await tls.ReadReplyAsync())[..3], (await tls.ReadReplyAsync())[..3]]);
            await SendRecordsAsync(wire, ssl, $"Subject: pipelined {i}\r\n", "\r\n", $"Body {i}.\r\n", ".\r\n");
            Assert.StartsWith("250 ", await tls.ReadReplyAsync());
        }

        await SendRecordsAsync(wire, ssl, "NOOP\r\n", "RSET\r\n", "QUIT\r\n");
        Assert.Equal(["250", "250", "221"], [(await tls.ReadReplyAsync())[..3], (await tls.ReadReplyAsync())[..3], (await tls.ReadReplyAsync())[..3]]);

        var files = await host.WaitForDeliveriesAsync(before, Messages);
        for (var i = 0; i < Messages; i++)
        {
            Assert.Single(files, f => File.ReadAllText(f).Contains($"Body {i}.\r\n", StringComparison.Ordinal));
        }
    }

    // Each string is one SslStream write (one TLS record); the records leave together in one send.
    private static async Task SendRecordsAsync(WireStream wire, SslStream ssl, params string[] records)
    {
        wire.Corked = true;
        foreach (var record in records)
        {
            await ssl.WriteAsync(Encoding.ASCII.GetBytes(record));
        }

        await wire.ReleaseAsync();
    }

    /// <summary>Reads CRLF lines; a reply is complete at its "NNN " line. Plaintext is read one octet at a time.</summary>
    private sealed class LineReader(Stream stream, bool byteByByte)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

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
            using var timeout = new CancellationTokenSource(IoTimeout);
            var line = new StringBuilder();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer.AsMemory(0, byteByByte ? 1 : _buffer.Length), timeout.Token);
                    if (_end == 0)
                    {
                        throw new IOException("closed by the server");
                    }
                }

                var c = (char)_buffer[_start++];
                if (c == '\n' && line.Length > 0 && line[^1] == '\r')
                {
                    return line.ToString(0, line.Length - 1);
                }

                line.Append(c);
            }
        }
    }
}
