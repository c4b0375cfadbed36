// BackendConnection: one SMTP client connection to a backend MTA over the transport's stream (TCP in production, see
// IBackendTransport; or the SslStream above it): a PipeWriter for what is sent, and replies read straight from the
// stream into a buffer of the connection's own (a StreamPipeReader made a state-machine box every time a read went
// asynchronous: ~2.7 KB per relayed message under load, loadtest/RESULTS.md). It greets, learns the backend's extensions, exchanges one command/reply at a time and
// streams dot-stuffed content. Every step has its own timeout; any failure marks the connection broken (it is then
// only ever disposed, never reused). Failures are results, not exceptions: callers decide the client's reply.
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Edge.Gateway.Configuration;
using Edge.Gateway.Threading;
using Edge.Protocol.Framing;

namespace Edge.Gateway.Relay;

/// <summary>A connection to a backend. Used by one transaction at a time; not thread-safe.</summary>
internal sealed partial class BackendConnection : IAsyncDisposable
{
    // Replies are read into this buffer. A reply line is at most BackendReply.MaxLineLength octets, so after the
    // parsed lines are dropped what is left is shorter than that and a read always has room for 3 KiB or more.
    private const int ReadBufferSize = 4 * BackendReply.MaxLineLength;
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 4096, leaveOpen: true);

    private readonly RelaySettings _relay;
    private Stream? _transport; // the stream the transport opened (TLS wraps it in _stream)
    private Stream? _stream;
    private readonly byte[] _readBuffer = new byte[ReadBufferSize];
    private int _readStart;
    private int _readEnd;
    private PipeWriter? _output;
    private CancellationTokenSource _timer = new();
    private CancellationTokenRegistration _callerRegistration;
    private DotStuffer _stuffer;
    private bool _leftover;
    private int _disposed;

    private BackendConnection(BackendSettings backend, RelaySettings relay)
    {
        Backend = backend;
        _relay = relay;
    }

    /// <summary>The backend this connection goes to.</summary>
    public BackendSettings Backend { get; }

    /// <summary>The last reply read.</summary>
    public BackendReply Reply { get; } = new();

    /// <summary>Extensions from the last EHLO reply.</summary>
    public BackendCapabilities Capabilities { get; private set; }

    /// <summary>XFORWARD attributes the backend accepts.</summary>
    public XForwardAttributes XForward { get; private set; }

    /// <summary>XCLIENT attributes the backend accepts.</summary>
    public XForwardAttributes XClient { get; private set; }

    /// <summary>TLS is active.</summary>
    public bool IsTls { get; private set; }

    /// <summary>TLS is active and the backend's certificate was verified (chain and name, or pin).</summary>
    public bool IsVerifiedTls { get; private set; }

    /// <summary>The connection failed and must be disposed.</summary>
    public bool IsBroken => Failure != RelayFailure.None;

    /// <summary>Why the connection broke.</summary>
    public RelayFailure Failure { get; private set; }

    /// <summary>Where it broke.</summary>
    public RelayStage FailedStage { get; private set; }

    /// <summary>Transactions completed on this connection.</summary>
    public int Transactions { get; set; }

    /// <summary><see cref="Environment.TickCount64"/> when it went back to the pool.</summary>
    public long IdleSince { get; set; }

    /// <summary>Where commands are written before <see cref="ExchangeAsync"/> sends them.</summary>
    public PipeWriter Output => _output!;

    /// <summary>
    /// Connects, reads the greeting, says EHLO (HELO when EHLO is refused) and negotiates TLS as configured, all within
    /// the connect timeout. Always returns a connection: check <see cref="IsBroken"/> (and dispose it then).
    /// </summary>
    public static async ValueTask<BackendConnection> OpenAsync(BackendSettings backend, RelaySettings relay, CancellationToken cancellationToken)
    {
        var connection = new BackendConnection(backend, relay);
        await connection.HandshakeAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Sends what was written to <see cref="Output"/> and reads one reply into <see cref="Reply"/>. False when broken.</summary>
    public ValueTask<bool> ExchangeAsync(RelayStage stage, TimeSpan timeout, CancellationToken cancellationToken) =>
        IsBroken ? ValueTask.FromResult(false) : RoundTripAsync(stage, timeout, flush: true, cancellationToken);

    /// <summary>Reads one more reply (the next answer of a pipelined group, RFC 2920) into <see cref="Reply"/>. False when broken.</summary>
    public ValueTask<bool> ReceiveAsync(RelayStage stage, TimeSpan timeout, CancellationToken cancellationToken) =>
        IsBroken ? ValueTask.FromResult(false) : RoundTripAsync(stage, timeout, flush: false, cancellationToken);

    /// <summary>Marks the connection unusable (a reply that breaks the conversation, e.g. 421 or a 3xx to MAIL).</summary>
    public void MarkBroken(RelayStage stage, RelayFailure failure) => Fail(stage, failure);

    /// <summary>DATA was answered 354: the next content starts a new message.</summary>
    public void BeginContent() => _stuffer.Reset();

    /// <summary>Dot-stuffs <paramref name="content"/> into the output without sending it: the end of data follows at once.</summary>
    public void BufferContent(ReadOnlySpan<byte> content)
    {
        if (!IsBroken)
        {
            _stuffer.Write(content, _output!);
        }
    }

    /// <summary>Dot-stuffs <paramref name="content"/> and sends it at once (nothing accumulates). False when broken.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<bool> WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (IsBroken)
        {
            return false;
        }

        _stuffer.Write(content.Span, _output!);
        var token = Arm(_relay.DataTimeout, cancellationToken);
        try
        {
            return await FlushAsync(RelayStage.Content, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Fail(RelayStage.Content, Classify(ex, cancellationToken));
        }
        finally
        {
            Disarm();
        }
    }

    /// <summary>
    /// Sends <paramref name="content"/> as one <c>BDAT n</c> chunk (bytes as they are, RFC 3030) and waits for its
    /// reply; nothing accumulates, so memory stays at one chunk. False when broken; a refused chunk leaves its reply in
    /// <see cref="Reply"/> with the connection unbroken (the caller decides).
    /// </summary>
    public async ValueTask<bool> WriteChunkAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (IsBroken)
        {
            return false;
        }

        BackendCommands.WriteChunk(_output!, content.Length);
        _output!.Write(content.Span);
        return await ExchangeAsync(RelayStage.Content, _relay.DataTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends chunked content with <c>BDAT 0 LAST</c> and waits for the final reply (not tied to the client).</summary>
    public ValueTask<bool> EndChunksAsync()
    {
        if (IsBroken)
        {
            return ValueTask.FromResult(false);
        }

        _output!.Write(BackendCommands.LastChunk);
        return ExchangeAsync(RelayStage.FinalReply, _relay.FinalReplyTimeout, CancellationToken.None);
    }

    /// <summary>Ends the content with CRLF.CRLF and waits for the final reply (not tied to the client: it decides).</summary>
    public ValueTask<bool> EndContentAsync()
    {
        if (IsBroken)
        {
            return ValueTask.FromResult(false);
        }

        _stuffer.Complete(_output!);
        return ExchangeAsync(RelayStage.FinalReply, _relay.FinalReplyTimeout, CancellationToken.None);
    }

    /// <summary>
    /// For an idle pooled connection: true when nothing arrived while idle. Data or end of stream on an idle connection
    /// means the backend closed it (idle timeout, 421) or is out of step: such a connection is not reused. Without
    /// <paramref name="probeSocket"/> only what Edge already knows is checked (no system call).
    /// </summary>
    public bool IsIdleUsable(bool probeSocket = true)
    {
        if (IsBroken || _leftover || Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        if (!probeSocket || _transport is not NetworkStream { Socket: var socket })
        {
            return true; // an in-memory transport (benchmarks) cannot go stale while idle
        }

        try
        {
            return !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Says QUIT (briefly, best effort) and closes.</summary>
    public async Task QuitAsync()
    {
        if (!IsBroken && _output is not null)
        {
            _output.Write(BackendCommands.Quit);
            var brief = _relay.CommandTimeout < TimeSpan.FromSeconds(5) ? _relay.CommandTimeout : TimeSpan.FromSeconds(5);
            await ExchangeAsync(RelayStage.Reset, brief, CancellationToken.None).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Failure == RelayFailure.None)
        {
            Failure = RelayFailure.Cancelled; // a disposed connection is never usable again
        }

        _callerRegistration.Dispose();
        try
        {
            if (_output is not null)
            {
                await _output.CompleteAsync().ConfigureAwait(false);
            }

            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }

            if (_transport is not null && !ReferenceEquals(_transport, _stream))
            {
                await _transport.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing a connection that is already broken: nothing to report.
        }
        finally
        {
            _timer.Dispose();
        }
    }

    // Flush (optionally) and read one reply within the command's timeout.
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> RoundTripAsync(RelayStage stage, TimeSpan timeout, bool flush, CancellationToken cancellationToken)
    {
        var token = Arm(timeout, cancellationToken);
        try
        {
            if (flush && (await _output!.FlushAsync(token).ConfigureAwait(false)).IsCompleted)
            {
                return Fail(stage, RelayFailure.ConnectionLost);
            }

            return await ReadReplyAsync(stage, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return Fail(stage, Classify(ex, cancellationToken));
        }
        finally
        {
            Disarm();
        }
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> FlushAsync(RelayStage stage, CancellationToken token)
    {
        var flush = await _output!.FlushAsync(token).ConfigureAwait(false);
        return !flush.IsCompleted || Fail(stage, RelayFailure.ConnectionLost);
    }

    // Reads one reply into Reply. The caller arms the timeout and classifies exceptions (RoundTripAsync, the handshake).
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> ReadReplyAsync(RelayStage stage, CancellationToken token)
    {
        Reply.Reset();
        ReplyStep step;
        while ((step = ParseBuffered(stage)) == ReplyStep.NeedMore)
        {
            int read = await _stream!.ReadAsync(_readBuffer.AsMemory(_readEnd), token).ConfigureAwait(false);
            if (read == 0)
            {
                return Fail(stage, RelayFailure.ConnectionLost);
            }

            _readEnd += read;
        }

        return step == ReplyStep.Complete;
    }

    // Parses what the buffer holds into Reply. On NeedMore the unparsed tail (shorter than a line, see ReadBufferSize)
    // has been moved to the front: read after _readEnd. What follows a whole reply (the next reply of a pipelined
    // group) stays in the buffer for the next call.
    private ReplyStep ParseBuffered(RelayStage stage)
    {
        if (_readEnd > _readStart)
        {
            var buffer = new ReadOnlySequence<byte>(_readBuffer, _readStart, _readEnd - _readStart);
            long before = buffer.Length;
            var status = Reply.TryParse(ref buffer);
            _readStart += (int)(before - buffer.Length);
            _leftover = !buffer.IsEmpty;
            if (status == ReplyParseStatus.Complete)
            {
                return ReplyStep.Complete;
            }

            if (status != ReplyParseStatus.NeedMore)
            {
                Fail(stage, RelayFailure.ProtocolViolation);
                return ReplyStep.Failed;
            }
        }

        int unparsed = _readEnd - _readStart;
        if (_readStart > 0)
        {
            _readBuffer.AsSpan(_readStart, unparsed).CopyTo(_readBuffer);
            _readStart = 0;
            _readEnd = unparsed;
        }

        return ReplyStep.NeedMore;
    }

    private void CreatePipes()
    {
        _readStart = _readEnd = 0;
        _output = PipeWriter.Create(_stream!, WriterOptions);
    }

    // One timer per connection, re-armed per stage (TryReset reuses it unless it fired). The caller's token (the
    // client's connection) cancels the same source, so a gone client never leaves a backend wait behind.
    private CancellationToken Arm(TimeSpan timeout, CancellationToken caller)
    {
        if (!_timer.TryReset())
        {
            _timer.Dispose();
            _timer = new CancellationTokenSource();
        }

        _timer.CancelAfter(timeout);
        if (caller.CanBeCanceled)
        {
            _callerRegistration = caller.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _timer);
        }

        return _timer.Token;
    }

    private void Disarm()
    {
        _callerRegistration.Dispose();
        _callerRegistration = default;
    }

    private bool Fail(RelayStage stage, RelayFailure failure)
    {
        if (Failure == RelayFailure.None)
        {
            Failure = failure;
            FailedStage = stage;
        }

        return false;
    }

    private static RelayFailure Classify(Exception ex, CancellationToken caller) => ex switch
    {
        OperationCanceledException when caller.IsCancellationRequested => RelayFailure.Cancelled,
        OperationCanceledException => RelayFailure.Timeout,
        System.Security.Authentication.AuthenticationException => RelayFailure.Tls,
        _ => RelayFailure.ConnectionLost,
    };

    private enum ReplyStep : byte { NeedMore, Complete, Failed }
}
