// PregreetMiddleware: the early-talker test of mx listeners (Postfix postscreen's pregreet idea). For
// GreetingDelay, before the 220 greeting, it watches the transport without consuming: RFC 5321 3.1 has the
// client wait for the greeting, so a client that sends anything first is a bot that does not read replies; it
// hears "554 5.5.1 Protocol error: data sent before greeting" and is closed. A patient client is passed on and
// the handler greets it. Plaintext only: with implicit TLS the client speaks first by design.
using System.IO.Pipelines;
using Edge.Gateway.Hosting;
using Edge.Protocol.Replies;
using Microsoft.AspNetCore.Connections;

namespace Edge.Gateway.Connections;

/// <summary>Greeting delay and early-talker detection of one listener.</summary>
internal sealed partial class PregreetMiddleware
{
    private readonly ConnectionDelegate _next;
    private readonly ListenerModel _listener;
    private readonly ListenerConnectionState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PregreetMiddleware(ConnectionDelegate next, ListenerModel listener, ListenerConnectionState state, TimeProvider time, ILogger<PregreetMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(listener);
        if (listener.GreetingDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(listener), "The greeting delay must be positive.");
        }

        _next = next;
        _listener = listener;
        _state = state;
        _time = time;
        _logger = logger;
    }

    public async Task OnConnectionAsync(ConnectionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PipeReader input = context.Transport.Input;
        await using (var deadline = new ReadDeadline(input, _listener.GreetingDelay, _time))
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync();
                var buffer = result.Buffer;

                if (!buffer.IsEmpty)
                {
                    // The early talk is discarded, never executed: the connection ends with the 554.
                    input.AdvanceTo(buffer.End);
                    deadline.TryStop();
                    _state.Refuse(ConnectionRefusal.EarlyTalker);
                    Log.EarlyTalker(_logger, context.ConnectionId, _listener.Name, context.RemoteEndPoint, buffer.Length);
                    await ConnectionReplyWriter.WriteAndCloseAsync(context, SmtpReplies.EarlyTalker);
                    return;
                }

                // Nothing arrived: nothing to consume.
                input.AdvanceTo(buffer.Start);
                if (result.IsCompleted)
                {
                    return; // the client left before the greeting
                }

                // The deadline's cancellation was observed by this read, so none is left pending for the handler.
                if (result.IsCanceled && deadline.HasExpired)
                {
                    break;
                }
            }
        }

        await _next(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "{ConnectionId} on {Listener}: {Client} sent {Bytes} bytes before the greeting; refused")]
        public static partial void EarlyTalker(ILogger logger, string connectionId, string listener, EndPoint? client, long bytes);
    }
}
