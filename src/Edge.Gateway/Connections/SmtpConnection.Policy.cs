// SmtpConnection, policy hooks: the session-level checks the state machine cannot make (they need the client's
// address, shared rate state or TLS history): MAIL admission (messages per session, message rate per address)
// and the STARTTLS injection "reject" answer. Each asks a Policy/* class for a verdict and only does the I/O.
using System.IO.Pipelines;
using Edge.Gateway.Policy;

namespace Edge.Gateway.Connections;

internal sealed partial class SmtpConnection
{
    /// <summary>
    /// Runs before MAIL reaches the sink. False when MAIL was refused: the reply is written, the envelope dropped,
    /// and for 421 the session is closed (the read loop then flushes and ends).
    /// </summary>
    private bool AdmitMail()
    {
        var verdict = SessionMessageLimitPolicy.Check(_session.TransactionCount, _listener.MaxMessagesPerSession);
        if (verdict.IsAccepted && _listener.ClientRates is { } rates)
        {
            verdict = rates.CheckMessage(_info.Client);
        }

        if (verdict.IsAccepted)
        {
            return true;
        }

        var reply = verdict.Reply!;
        Log.MailRefusedByPolicy(_logger, _context.ConnectionId, reply.Code, _session.TransactionCount);
        _envelope.Clear();
        Output.Write(reply.Span);
        _metrics.Reply(reply.Code);
        if (verdict.Closes)
        {
            _session.Close();
        }

        return false;
    }

    /// <summary>
    /// StartTlsInjection=reject, after a successful handshake that followed injected plaintext: wait for the client's
    /// first command inside TLS, answer it 554 5.7.0 and close. The command itself is never executed. Reading it first
    /// means the client is waiting for a reply when it comes (closing with its bytes unread could reset the
    /// connection and lose the reply).
    /// </summary>
    private async ValueTask RejectInjectionAsync()
    {
        _session.Close();
        var input = _context.Transport.Input;
        var limit = _listener.MaxCommandLineLength;
        long seen = 0;
        while (true)
        {
            ArmDeadline();
            ReadResult result;
            try
            {
                result = await input.ReadAsync().ConfigureAwait(false);
            }
            finally
            {
                DisarmDeadline();
            }

            if (result.IsCanceled)
            {
                return; // timeout or shutdown: nothing is owed to this client
            }

            var buffer = result.Buffer;
            var lineEnd = buffer.PositionOf((byte)'\n');
            seen += buffer.Length;
            input.AdvanceTo(buffer.End);
            if (lineEnd is not null || seen >= limit || result.IsCompleted)
            {
                break;
            }
        }

        Output.Write(PolicyReplies.StartTlsInjection.Span);
        _metrics.Reply(PolicyReplies.StartTlsInjection.Code);
        await Output.FlushAsync().ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Connection {ConnectionId}: MAIL refused by policy with {Code} after {Transactions} transactions")]
        public static partial void MailRefusedByPolicy(ILogger logger, string connectionId, int code, int transactions);

        [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Connection {ConnectionId}: plaintext after STARTTLS; the first command inside TLS is answered 554 5.7.0 and the connection closed (StartTlsInjection=reject)")]
        public static partial void StartTlsInjectionRejected(ILogger logger, string connectionId);
    }
}
