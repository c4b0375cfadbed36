// TestBackendMta: a small, strict SMTP server on 127.0.0.1:0 playing a backend MTA. It insists on CRLF, on EHLO
// before MAIL and on command order, un-stuffs DATA and records each accepted message's envelope and exact content
// bytes. Knobs make it misbehave: refuse recipients, answer the end of data with a given reply, drop the connection
// mid-DATA, answer late, offer or not PIPELINING/XFORWARD/DSN/STARTTLS, answer DATA or the greeting with an
// arbitrary reply; with a certificate it speaks STARTTLS or implicit TLS.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Edge.Gateway.Tests.Relay;

internal sealed partial class TestBackendMta : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private TcpListener _listener;
    private Task _accepting = Task.CompletedTask;
    private int _connections;
    private int _queueId;

    public TestBackendMta(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        Start();
    }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public int Port { get; private set; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public bool OfferPipelining { get; set; } = true;

    public bool OfferXForward { get; set; } = true;

    public bool OfferDsn { get; set; } = true;

    /// <summary>Offer 8BITMIME; without it any octet above 127 in content is a recorded violation.</summary>
    public bool Offer8BitMime { get; set; } = true;

    /// <summary>Offer CHUNKING (RFC 3030): BDAT n [LAST], each chunk read as exact octets and answered.</summary>
    public bool OfferChunking { get; set; }

    /// <summary>Reply to the BDAT chunk with this 1-based number instead of 250 (e.g. "552 5.3.4 Message too big").</summary>
    public (int Chunk, string Reply)? ChunkReply { get; set; }

    /// <summary>Offer XCLIENT (Postfix): answered 220 and a new greeting state, where EHLO must come again.</summary>
    public bool OfferXClient { get; set; }

    /// <summary>Reply to XCLIENT instead of 220 (e.g. "550 5.7.0 Error: insufficient authorization").</summary>
    public string? XClientReply { get; set; }

    /// <summary>Offer REQUIRETLS (RFC 8689) in the EHLO reply once TLS is active.</summary>
    public bool OfferRequireTls { get; set; }

    /// <summary>Recipients answered 550 5.1.1.</summary>
    public ConcurrentDictionary<string, bool> RefusedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Senders answered 553 5.7.1.</summary>
    public ConcurrentDictionary<string, bool> RefusedSenders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reply to the end of data instead of 250 (e.g. "452 4.3.1 Insufficient system storage").</summary>
    public string? DataEndReply { get; set; }

    /// <summary>Reply to the DATA command instead of 354.</summary>
    public string? DataCommandReply { get; set; }

    /// <summary>Close the connection after the first content line of DATA.</summary>
    public bool DropInData { get; set; }

    /// <summary>Wait this long before the final reply.</summary>
    public TimeSpan FinalReplyDelay { get; set; }

    /// <summary>Hold the XFORWARD reply and send it in one write with the MAIL reply (a pipelined group's replies together).</summary>
    public bool BatchReplies { get; set; }

    /// <summary>
    /// Close each connection right after a message's final reply, as a backend whose idle timeout is shorter than
    /// Edge's would: "" closes silently, any other text (e.g. "421 4.4.2 Idle timeout") is sent first.
    /// </summary>
    public string? CloseAfterMessage { get; set; }

    /// <summary>Hold the MAIL reply and send it in one write with the first RCPT's reply: a client that waits for the MAIL
    /// reply before sending RCPT (not pipelining) waits until its timeout.</summary>
    public bool HoldMailReply { get; set; }

    /// <summary>Hold the MAIL and RCPT replies until DATA arrives and send them with DATA's reply in one write: a client
    /// that waits for the RCPT reply before sending DATA (not pipelining DATA) waits until its timeout.</summary>
    public bool HoldUntilData { get; set; }

    /// <summary>Greeting instead of 220 (e.g. "554 5.3.2 Not now").</summary>
    public string? GreetingReply { get; set; }

    /// <summary>Server certificate: STARTTLS is offered (or TLS starts at once with <see cref="ImplicitTls"/>).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>TLS from the first byte (needs <see cref="Certificate"/>).</summary>
    public bool ImplicitTls { get; set; }

    /// <summary>Connections accepted so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Messages answered 2xx at the end of data.</summary>
    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    /// <summary>Every command line received (without CRLF).</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Protocol violations seen from the client (bare LF, order): must stay empty.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Stops listening and cuts every connection (a crash).</summary>
    public async Task StopAsync()
    {
        _listener.Stop();
        foreach (var socket in _open.Values)
        {
            try
            {
                // RST rather than FIN: a crash, not a polite close.
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (ObjectDisposedException)
            {
                // The session ended on its own between the snapshot and here.
            }

            socket.Dispose();
        }

        await _accepting.ConfigureAwait(false);
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restart()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        Start();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await StopAsync();
        _stop.Dispose();
    }

    private void Start()
    {
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var listener = _listener;
        _accepting = Task.Run(async () =>
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    return;
                }

                var id = Interlocked.Increment(ref _connections);
                _open[id] = socket;
                _ = Task.Run(() => ServeAsync(id, socket));
            }
        });
    }

    private async Task ServeAsync(int id, Socket socket)
    {
        try
        {
            await using var network = new NetworkStream(socket, ownsSocket: true);
            var session = new Session { Stream = network };
            if (ImplicitTls && Certificate is not null)
            {
                session.Stream = await ServerTlsAsync(network, Certificate);
                session.Tls = true;
            }

            session.Reader = new LineReader(session.Stream);
            await WriteAsync(session.Stream, (GreetingReply ?? "220 backend.test ESMTP TestBackendMta") + "\r\n");
            if (GreetingReply is not null)
            {
                return;
            }

            while (await session.Reader.ReadLineAsync() is { } raw)
            {
                if (!EndsWithCrLf(raw))
                {
                    Violations.Enqueue($"command without CRLF: {Encoding.Latin1.GetString(raw)}");
                    await WriteAsync(session.Stream, "500 5.5.2 Bare line ending\r\n");
                    continue;
                }

                var line = Encoding.UTF8.GetString(raw, 0, raw.Length - 2);
                Commands.Enqueue(line);
                if (line.Equals("STARTTLS", StringComparison.OrdinalIgnoreCase) && Certificate is not null && !session.Tls)
                {
                    await WriteAsync(session.Stream, "220 2.0.0 Ready to start TLS\r\n");
                    session.Stream = await ServerTlsAsync(network, Certificate);
                    session.Reader = new LineReader(session.Stream);
                    session.Tls = true;
                    session.Hello = false;
                    continue;
                }

                if (!await HandleCommandAsync(id, line, session))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The peer (or StopAsync) closed the connection, or the client refused our certificate.
        }
        finally
        {
            _open.TryRemove(id, out _);
        }
    }

    private static async Task<Stream> ServerTlsAsync(NetworkStream network, X509Certificate2 certificate)
    {
        var ssl = new SslStream(network, leaveInnerStreamOpen: true);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
        return ssl;
    }

    private async Task<bool> HandleCommandAsync(int id, string line, Session session)
    {
        var stream = session.Stream;
        var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
        switch (verb)
        {
            case "EHLO":
                session.Hello = true;
                var ehlo = new StringBuilder("250-backend.test\r\n");
                if (OfferPipelining) { ehlo.Append("250-PIPELINING\r\n"); }
                ehlo.Append("250-SIZE 104857600\r\n");
                if (Offer8BitMime) { ehlo.Append("250-8BITMIME\r\n"); }
                if (OfferChunking) { ehlo.Append("250-CHUNKING\r\n"); }
                ehlo.Append("250-ENHANCEDSTATUSCODES\r\n");
                if (OfferDsn) { ehlo.Append("250-DSN\r\n"); }
                if (OfferRequireTls && session.Tls) { ehlo.Append("250-REQUIRETLS\r\n"); }
                if (OfferXForward) { ehlo.Append("250-XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT\r\n"); }
                if (OfferXClient) { ehlo.Append("250-XCLIENT NAME ADDR PORT PROTO HELO LOGIN\r\n"); }
                if (Certificate is not null && !session.Tls && !ImplicitTls) { ehlo.Append("250-STARTTLS\r\n"); }
                AppendAuth(ehlo);
                ehlo.Append("250 SMTPUTF8\r\n");
                await WriteAsync(stream, ehlo.ToString());
                return true;
            case "HELO":
                session.Hello = true;
                await WriteAsync(stream, "250 backend.test\r\n");
                return true;
            case "XCLI" when OfferXClient && session.Hello && session.Sender is null:
                if (XClientReply is { } refusal)
                {
                    await WriteAsync(stream, refusal + "\r\n");
                    return true;
                }

                session.XClient = line;
                session.Hello = false; // the session restarts as the client's: EHLO again before MAIL
                await WriteAsync(stream, "220 backend.test ESMTP TestBackendMta\r\n");
                return true;
            case "XFOR" when OfferXForward && session.Hello && session.Sender is null:
                session.XForward = line;
                if (BatchReplies)
                {
                    session.Held = "250 2.0.0 Ok\r\n";
                    return true;
                }

                await WriteAsync(stream, "250 2.0.0 Ok\r\n");
                return true;
            case "MAIL" when session.Hello && session.Sender is null && RefusedSenders.ContainsKey(Between(line, '<', '>')):
                await WriteAsync(stream, session.Held + "553 5.7.1 Sender address rejected\r\n");
                session.Held = "";
                session.XForward = null;
                return true;
            case "MAIL" when session.Hello && session.Sender is null:
                session.Sender = line;
                if (HoldMailReply || HoldUntilData)
                {
                    session.Held += "250 2.1.0 Ok\r\n";
                    return true;
                }

                await WriteAsync(stream, session.Held + "250 2.1.0 Ok\r\n");
                session.Held = "";
                return true;
            case "RCPT" when session.Sender is not null:
                var address = Between(line, '<', '>');
                var rcptReply = RefusedRecipients.ContainsKey(address)
                    ? $"550 5.1.1 <{address}>: Recipient address rejected: User unknown\r\n"
                    : "250 2.1.5 Ok\r\n";
                if (!RefusedRecipients.ContainsKey(address))
                {
                    session.Recipients.Add(line);
                }

                if (HoldUntilData)
                {
                    session.Held += rcptReply;
                    return true;
                }

                var held = session.Held;
                session.Held = "";
                await WriteAsync(stream, held + rcptReply);

                return true;
            case "DATA" when session.Recipients.Count > 0:
                var heldForData = session.Held;
                session.Held = "";
                if (DataCommandReply is { } dataReply)
                {
                    await WriteAsync(stream, heldForData + dataReply + "\r\n");
                    return true;
                }

                await WriteAsync(stream, heldForData + "354 End data with <CR><LF>.<CR><LF>\r\n");
                return await ReceiveDataAsync(id, session);
            case "BDAT" when OfferChunking && session.Recipients.Count > 0:
                return await ReceiveChunkAsync(id, line, session);
            case "RSET":
                session.Reset();
                await WriteAsync(stream, "250 2.0.0 Ok\r\n");
                return true;
            case "NOOP":
                await WriteAsync(stream, "250 2.0.0 Ok\r\n");
                return true;
            case "AUTH":
                return await HandleAuthAsync(line, session);
            case "QUIT":
                await WriteAsync(stream, "221 2.0.0 Bye\r\n");
                return false;
            default:
                Violations.Enqueue($"out of sequence or unknown: {line}");
                var heldForError = session.Held;
                session.Held = "";
                await WriteAsync(stream, heldForError + "503 5.5.1 Error: bad sequence of commands\r\n");
                return true;
        }
    }

    private async Task<bool> ReceiveDataAsync(int id, Session session)
    {
        var reader = session.Reader!;
        var content = new MemoryStream();
        while (true)
        {
            var raw = await reader.ReadLineAsync();
            if (raw is null)
            {
                return false;
            }

            if (!EndsWithCrLf(raw) || Array.IndexOf(raw, (byte)'\r') != raw.Length - 2)
            {
                Violations.Enqueue("bare CR or LF in DATA");
            }

            if (raw.Length == 3 && raw[0] == (byte)'.')
            {
                break;
            }

            if (DropInData)
            {
                return false; // closes the connection with the transaction half-received
            }

            if (!Offer8BitMime && raw.Any(b => b > 0x7F))
            {
                Violations.Enqueue("8-bit content without 8BITMIME");
            }

            var start = raw[0] == (byte)'.' ? 1 : 0; // RFC 5321 4.5.2 transparency
            content.Write(raw, start, raw.Length - start);
        }

        if (FinalReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(FinalReplyDelay);
        }

        var reply = DataEndReply;
        if (reply is null)
        {
            var queueId = Interlocked.Increment(ref _queueId);
            Messages.Enqueue(new ReceivedMessage(id, session.Sender!, [.. session.Recipients], session.XForward, content.ToArray(), queueId, session.Tls, session.XClient));
            reply = $"250 2.0.0 Ok: queued as Q{queueId}";
        }

        session.Reset();
        await WriteAsync(session.Stream, reply + "\r\n");
        if (CloseAfterMessage is { } farewell)
        {
            if (farewell.Length > 0)
            {
                await WriteAsync(session.Stream, farewell + "\r\n");
            }

            return false;
        }

        return true;
    }

    private async Task<bool> ReceiveChunkAsync(int id, string line, Session session)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 2 or > 3 || !int.TryParse(parts[1], out var size) || size < 0
            || (parts.Length == 3 && !parts[2].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            Violations.Enqueue($"bad BDAT: {line}");
            await WriteAsync(session.Stream, "501 5.5.4 Syntax error\r\n");
            return true;
        }

        var chunk = await session.Reader!.ReadExactAsync(size);
        if (chunk is null)
        {
            return false;
        }

        session.Chunks++;
        session.Content.Write(chunk);
        if (!Offer8BitMime && chunk.Any(b => b > 0x7F))
        {
            Violations.Enqueue("8-bit content without 8BITMIME");
        }

        if (ChunkReply is { } refusal && refusal.Chunk == session.Chunks)
        {
            session.Reset();
            await WriteAsync(session.Stream, refusal.Reply + "\r\n");
            return true;
        }

        if (parts.Length == 2)
        {
            await WriteAsync(session.Stream, $"250 2.0.0 {size} octets received\r\n");
            return true;
        }

        var queueId = Interlocked.Increment(ref _queueId);
        Messages.Enqueue(new ReceivedMessage(id, session.Sender!, [.. session.Recipients], session.XForward, session.Content.ToArray(), queueId, session.Tls, session.XClient) { Chunks = session.Chunks });
        session.Reset();
        await WriteAsync(session.Stream, $"250 2.0.0 Ok: queued as Q{queueId}\r\n");
        return true;
    }

    private static bool EndsWithCrLf(byte[] line) => line.Length >= 2 && line[^2] == (byte)'\r' && line[^1] == (byte)'\n';

    private static string Between(string line, char open, char close)
    {
        var start = line.IndexOf(open, StringComparison.Ordinal);
        var end = line.IndexOf(close, StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }

    private static Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask();

    private sealed class Session
    {
        public Stream Stream { get; set; } = Stream.Null;
        public LineReader? Reader { get; set; }
        public bool Tls { get; set; }
        public bool Hello { get; set; }
        public string Held { get; set; } = "";
        public string? Sender { get; set; }
        public string? XForward { get; set; }
        public string? XClient { get; set; }
        public List<string> Recipients { get; } = [];
        public MemoryStream Content { get; private set; } = new();
        public int Chunks { get; set; }

        public void Reset()
        {
            Sender = null;
            XForward = null;
            Recipients.Clear();
            Content = new MemoryStream();
            Chunks = 0;
        }
    }

    /// <summary>Reads LF-terminated lines (LF kept, so CRLF can be checked).</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16384];
        private int _start;
        private int _end;

        /// <summary>Exactly <paramref name="count"/> octets (a BDAT chunk), or null at end of stream.</summary>
        public async Task<byte[]?> ReadExactAsync(int count)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var take = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, take);
                _start += take;
                filled += take;
            }

            return result;
        }

        public async Task<byte[]?> ReadLineAsync()
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (lf >= 0)
                {
                    line.Write(_buffer, _start, lf + 1 - _start);
                    _start = lf + 1;
                    return line.ToArray();
                }

                line.Write(_buffer, _start, _end - _start);
                _start = _end;
            }
        }
    }
}

