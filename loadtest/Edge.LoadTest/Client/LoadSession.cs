// LoadSession: one simulated client. Takes a ticket, connects (TCP, implicit TLS or EHLO + STARTTLS + EHLO), sends
// messages on the connection until --messages-per-session or the end of the run, says QUIT, and reconnects. Every reply
// is checked; a failure is counted by stage and code and fails the message it belonged to. A ticket is taken before
// connecting, so a server that refuses connections still uses up a bounded run.
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Edge.LoadTest.Client;

/// <summary>One simulated SMTP client.</summary>
internal sealed class LoadSession
{
    private readonly LoadOptions _options;
    private readonly MessageTemplate _template;
    private readonly SmtpCommands _commands;
    private readonly LoadStats _stats;
    private readonly MessageTickets _tickets;
    private readonly CancellationToken _abort;
    private readonly byte[] _message;

    public LoadSession(LoadOptions options, MessageTemplate template, SmtpCommands commands, LoadStats stats, MessageTickets tickets, CancellationToken abort)
    {
        _options = options;
        _template = template;
        _commands = commands;
        _stats = stats;
        _tickets = tickets;
        _abort = abort;
        _message = template.NewBuffer();
    }

    /// <summary>Runs connections until the tickets run out.</summary>
    public async Task RunAsync()
    {
        while (await RunConnectionAsync())
        {
        }
    }

    // One connection; false when the run is over.
    private async Task<bool> RunConnectionAsync()
    {
        var (ok, ticket) = await _tickets.TakeAsync();
        if (!ok)
        {
            return false;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        var ct = timeout.Token;
        var stage = ErrorStage.Connect;
        bool pending = true;
        Stream? stream = null;
        ReplyReader? reader = null;
        try
        {
            timeout.CancelAfter(_options.ReplyTimeout);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            long connectStart = Stopwatch.GetTimestamp();
            try
            {
                await socket.ConnectAsync(_options.Target, ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            _stats.Connect.RecordSince(connectStart);
            _stats.Connected();
            if (_options.Tls == TlsMode.Implicit)
            {
                stage = ErrorStage.TlsHandshake;
                stream = await HandshakeAsync(stream, ct);
            }

            reader = new ReplyReader(stream);
            stage = ErrorStage.Greeting;
            int greeting = await ReadAsync(reader, timeout);
            if (greeting != 220)
            {
                _stats.Error(stage, greeting);
                return await FailedAsync();
            }

            stage = ErrorStage.Ehlo;
            var (code, capabilities) = await EhloAsync(stream, reader, timeout);
            if (code != 250)
            {
                _stats.Error(stage, code);
                return await FailedAsync();
            }

            if (_options.Tls == TlsMode.StartTls)
            {
                stage = ErrorStage.StartTls;
                if ((capabilities & ServerCapabilities.StartTls) == 0)
                {
                    _stats.Error(stage, "not offered");
                    return await FailedAsync();
                }

                await stream.WriteAsync(SmtpCommands.StartTls, ct);
                int ready = await ReadAsync(reader, timeout);
                if (ready != 220)
                {
                    _stats.Error(stage, ready);
                    return await FailedAsync();
                }

                if (reader.Buffered > 0)
                {
                    // RFC 3207 4.2: nothing may follow the 220 in plaintext; a server that sends more is broken.
                    _stats.Error(stage, "plaintext after 220");
                    return await FailedAsync();
                }

                stage = ErrorStage.TlsHandshake;
                stream = await HandshakeAsync(stream, ct);
                reader.Stream = stream;
                stage = ErrorStage.Ehlo;
                (code, capabilities) = await EhloAsync(stream, reader, timeout);
                if (code != 250)
                {
                    _stats.Error(stage, code);
                    return await FailedAsync();
                }
            }

            bool pipelining = (capabilities & ServerCapabilities.Pipelining) != 0;
            int sent = 0;
            while (true)
            {
                stage = ErrorStage.Transaction;
                var outcome = await SendAsync(stream, reader, pipelining, ticket, timeout);
                pending = false;
                if (outcome != SendOutcome.Sent)
                {
                    _stats.MessageFailed();
                }

                if (outcome == SendOutcome.ConnectionLost)
                {
                    return true;
                }

                sent++;
                if (_options.MessagesPerSession > 0 && sent >= _options.MessagesPerSession)
                {
                    break;
                }

                (ok, ticket) = await _tickets.TakeAsync();
                if (!ok)
                {
                    stage = ErrorStage.Quit;
                    await QuitAsync(stream, reader, timeout);
                    return false;
                }

                pending = true;
            }

            stage = ErrorStage.Quit;
            await QuitAsync(stream, reader, timeout);
            return true;
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            _stats.Error(stage, "aborted after the drain timeout");
            return false;
        }
        catch (OperationCanceledException)
        {
            _stats.Error(stage, "timeout");
            return await FailedAsync();
        }
        catch (SocketException e)
        {
            _stats.Error(stage, e.SocketErrorCode.ToString());
            return await FailedAsync();
        }
        catch (AuthenticationException)
        {
            _stats.Error(stage, "authentication failed");
            return await FailedAsync();
        }
        catch (IOException e)
        {
            _stats.Error(stage, e is EndOfStreamException ? "closed by server" : e.InnerException is SocketException s ? s.SocketErrorCode.ToString() : "i/o error");
            return await FailedAsync();
        }
        finally
        {
            if (pending)
            {
                _stats.MessageFailed();
            }

            reader?.Dispose();
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<SendOutcome> SendAsync(Stream stream, ReplyReader reader, bool pipelining, MessageTicket ticket, CancellationTokenSource timeout)
    {
        var ct = timeout.Token;
        bool open = _options.Rate is not null;
        if (open)
        {
            _stats.ScheduleLag.RecordSince(ticket.ScheduledTimestamp);
        }

        // Open loop: latency from the scheduled time, so time spent waiting for a free session counts.
        long start = open ? ticket.ScheduledTimestamp : Stopwatch.GetTimestamp();
        _template.Stamp(_message, ticket.Sequence);
        int mail, rcpt, data;
        if (pipelining)
        {
            await stream.WriteAsync(_commands.Envelope, ct);
            mail = await ReadAsync(reader, timeout);
            rcpt = await ReadAsync(reader, timeout);
            data = await ReadAsync(reader, timeout);
        }
        else
        {
            await stream.WriteAsync(_commands.Mail, ct);
            mail = await ReadAsync(reader, timeout);
            rcpt = data = 0;
            if (mail == 250)
            {
                await stream.WriteAsync(_commands.Rcpt, ct);
                rcpt = await ReadAsync(reader, timeout);
            }

            if (rcpt is 250 or 251)
            {
                await stream.WriteAsync(SmtpCommands.Data, ct);
                data = await ReadAsync(reader, timeout);
            }
        }

        bool failed = false;
        failed |= Check(ErrorStage.Mail, mail, 250, 250);
        failed |= mail == 250 && Check(ErrorStage.Rcpt, rcpt, 250, 251);
        failed |= mail == 250 && rcpt is 250 or 251 && Check(ErrorStage.Data, data, 354, 354);
        if (data == 354)
        {
            // Even after a refused MAIL or RCPT a 354 must be followed by content and the end of data.
            await stream.WriteAsync(_message, ct);
            int final = await ReadAsync(reader, timeout);
            if (final == 250 && !failed)
            {
                _stats.Message.RecordSince(start);
                _stats.MessageAccepted(_template.Length);
                return SendOutcome.Sent;
            }

            Check(ErrorStage.DataEnd, final, 250, 250);
            return final == 421 ? SendOutcome.ConnectionLost : SendOutcome.Failed;
        }

        if (mail == 421 || rcpt == 421 || data == 421)
        {
            return SendOutcome.ConnectionLost;
        }

        await stream.WriteAsync(SmtpCommands.Rset, ct);
        int reset = await ReadAsync(reader, timeout);
        return reset == 250 ? SendOutcome.Failed : SendOutcome.ConnectionLost;
    }

    // True (and counted) when the code is not one of the expected.
    private bool Check(ErrorStage stage, int code, int expected, int alsoExpected)
    {
        if (code == expected || code == alsoExpected)
        {
            return false;
        }

        _stats.Error(stage, code);
        return true;
    }

    private async Task<(int Code, ServerCapabilities Capabilities)> EhloAsync(Stream stream, ReplyReader reader, CancellationTokenSource timeout)
    {
        await stream.WriteAsync(_commands.Ehlo, timeout.Token);
        timeout.CancelAfter(_options.ReplyTimeout);
        return await reader.ReadWithCapabilitiesAsync(timeout.Token);
    }

    private async Task QuitAsync(Stream stream, ReplyReader reader, CancellationTokenSource timeout)
    {
        await stream.WriteAsync(SmtpCommands.Quit, timeout.Token);
        int code = await ReadAsync(reader, timeout);
        if (code != 221)
        {
            _stats.Error(ErrorStage.Quit, code);
        }
    }

    private async ValueTask<int> ReadAsync(ReplyReader reader, CancellationTokenSource timeout)
    {
        // One timer per connection, re-armed before each reply rather than a new token source per read.
        timeout.CancelAfter(_options.ReplyTimeout);
        return await reader.ReadAsync(timeout.Token);
    }

    private async Task<SslStream> HandshakeAsync(Stream inner, CancellationToken ct)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions { TargetHost = _options.ServerName, AllowTlsResume = _options.TlsResume };
        if (_options.Insecure)
        {
#pragma warning disable CA5359 // SECURITY: --insecure is the operator's explicit choice for self-signed test gateways.
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }

        long start = Stopwatch.GetTimestamp();
        await ssl.AuthenticateAsClientAsync(options, ct);
        _stats.TlsHandshake.RecordSince(start);
        _stats.TlsEstablished();
        return ssl;
    }

    // A connection that failed before its first message: pause briefly so a refusing server is not hammered in a loop.
    private async Task<bool> FailedAsync()
    {
        try
        {
            await Task.Delay(20, _abort);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private enum SendOutcome
    {
        Sent,
        Failed,
        ConnectionLost,
    }
}
