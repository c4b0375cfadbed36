// BackendConnection, opening half: TCP connect, the 220 greeting, EHLO (HELO when EHLO is refused, RFC 5321 3.2)
// and TLS as configured, all under the one connect timeout. A refused greeting or EHLO breaks the connection.
using System.Diagnostics;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

internal sealed partial class BackendConnection
{
    /// <summary>How long connect, greeting, EHLO and TLS took (edge_backend_latency_seconds{stage="connect"}).</summary>
    public TimeSpan ConnectDuration { get; private set; }

    private async ValueTask HandshakeAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var stage = RelayStage.Connect;
        var token = Arm(_relay.ConnectTimeout, cancellationToken);
        try
        {
            _transport = await _relay.Transport.ConnectAsync(Backend, token).ConfigureAwait(false);
            _stream = _transport;
            if (Backend.Tls == BackendTlsMode.ImplicitTls)
            {
                stage = RelayStage.Tls;
                await AuthenticateAsync(required: true, token).ConfigureAwait(false);
            }

            CreatePipes();
            stage = RelayStage.Greeting;
            if (!await ReadReplyAsync(stage, token).ConfigureAwait(false))
            {
                return;
            }

            if (Reply.Code != 220)
            {
                Fail(stage, RelayFailure.UnexpectedReply);
                return;
            }

            stage = RelayStage.Hello;
            if (!await HelloAsync(token).ConfigureAwait(false))
            {
                return;
            }

            if (Backend.Tls is BackendTlsMode.StartTls or BackendTlsMode.StartTlsOpportunistic)
            {
                stage = RelayStage.Tls;
                await StartTlsAsync(token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Fail(stage, Classify(ex, cancellationToken));
        }
        finally
        {
            Disarm();
            ConnectDuration = Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>
    /// XCLIENT with the client's attributes, its 220, and EHLO again with the client's HELO name (Postfix
    /// XCLIENT_README: the session restarts as the client's). False when refused (the client gets 451 4.3.0) or broken.
    /// </summary>
    public async ValueTask<bool> XClientAsync(Transactions.SessionInfo session, CancellationToken cancellationToken)
    {
        BackendCommands.WriteXClient(_output!, session, XClient);
        if (!await ExchangeAsync(RelayStage.XClient, _relay.CommandTimeout, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (Reply.Code != 220)
        {
            return Fail(RelayStage.XClient, RelayFailure.UnexpectedReply);
        }

        var token = Arm(_relay.CommandTimeout, cancellationToken);
        try
        {
            return await HelloAsync(HeloName(session.Helo), token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Fail(RelayStage.XClient, Classify(ex, cancellationToken));
        }
        finally
        {
            Disarm();
        }
    }

    // The client's HELO argument when it is one printable ASCII word (the parser checked its syntax), else Edge's name.
    private byte[] HeloName(string? helo)
    {
        if (helo is not { Length: > 0 and <= 255 })
        {
            return _relay.Hostname;
        }

        foreach (var c in helo)
        {
            if (c is <= ' ' or > '~')
            {
                return _relay.Hostname;
            }
        }

        return Encoding.ASCII.GetBytes(helo);
    }

    private ValueTask<bool> HelloAsync(CancellationToken token) => HelloAsync(_relay.Hostname, token);

    private async ValueTask<bool> HelloAsync(byte[] name, CancellationToken token)
    {
        BackendCommands.WriteHello(_output!, extended: true, name);
        if (!await FlushAsync(RelayStage.Hello, token).ConfigureAwait(false) || !await ReadReplyAsync(RelayStage.Hello, token).ConfigureAwait(false))
        {
            return false;
        }

        if (Reply.Code == 250)
        {
            Capabilities = EhloCapabilities.Parse(Reply, out var xforward, out var xclient);
            XForward = xforward;
            XClient = xclient;
            return true;
        }

        if (Reply.Class != 5)
        {
            return Fail(RelayStage.Hello, RelayFailure.UnexpectedReply);
        }

        // RFC 5321 3.2: a server that does not know EHLO answers 5xx; the client falls back to HELO.
        BackendCommands.WriteHello(_output!, extended: false, name);
        if (!await FlushAsync(RelayStage.Hello, token).ConfigureAwait(false) || !await ReadReplyAsync(RelayStage.Hello, token).ConfigureAwait(false))
        {
            return false;
        }

        Capabilities = BackendCapabilities.None;
        XForward = XForwardAttributes.None;
        XClient = XForwardAttributes.None;
        return Reply.Code == 250 || Fail(RelayStage.Hello, RelayFailure.UnexpectedReply);
    }
}
