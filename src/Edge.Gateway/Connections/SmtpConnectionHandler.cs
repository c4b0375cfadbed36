// SmtpConnectionHandler: Kestrel's terminal connection handler for every SMTP listener. One instance per
// listener (Kestrel activates it once), so all per-connection state lives in SmtpConnection.
using System.IO.Pipelines;
using Edge.Gateway.Hosting;
using Edge.Gateway.Metrics;
using Edge.Gateway.Transactions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Connections;

/// <summary>Runs the SMTP session of each accepted connection.</summary>
internal sealed partial class SmtpConnectionHandler(IMessageSink sink, EdgeMetrics metrics, ILogger<SmtpConnectionHandler> logger) : ConnectionHandler
{
    /// <inheritdoc />
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var listener = connection.Features.Get<ListenerModel>()
            ?? throw new InvalidOperationException("The listener middleware did not publish the ListenerModel feature.");
        var smtp = new SmtpConnection(connection, listener, sink, metrics, logger);
        await using (smtp.ConfigureAwait(false))
        {
            try
            {
                await smtp.RunAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or IOException or OperationCanceledException)
            {
                // The client went away: nothing to answer. Anything else is a bug and reaches Kestrel's own error log.
                Log.ConnectionEnded(logger, connection.ConnectionId, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Connection {ConnectionId} ended by the transport")]
        public static partial void ConnectionEnded(ILogger logger, string connectionId, Exception exception);
    }
}
