// SmtpConnection, asynchronous half: the steps that wait on the sink. A 250 at the end of data is only ever
// the sink's own positive final reply; every failure on the way gives the client a 4xx/5xx.
using System.Runtime.CompilerServices;
using Edge.Gateway.Threading;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;
using Edge.Protocol.Session;
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Connections;

internal sealed partial class SmtpConnection
{
    // Not async itself: the step's own method is returned as is, so the session's loop awaits it directly (one
    // resumption fewer for every relayed command that waits on the sink).
    private ValueTask ExecuteAsync(Step step)
    {
        var token = _context.ConnectionClosed;
        switch (step)
        {
            case Step.Abort:
                return AbortStepAsync();
            case Step.Mail:
                return AdmitMail() ? OpenTransactionAsync(token) : ValueTask.CompletedTask;
            case Step.Recipient:
                return AddRecipientAsync(token);
            case Step.BeginData:
                _info.ContentChunked = false;
                return BeginContentAsync(chunk: false, token);
            case Step.BeginChunk:
                _info.ContentChunked = true;
                if (_contentOpen)
                {
                    _chunk.BeginChunk(_chunkSize, _chunkLast); // a later chunk of content already begun
                    _mode = ContentMode.Chunk;
                    return ValueTask.CompletedTask;
                }

                return BeginContentAsync(chunk: true, token);
            case Step.ContentReady:
                return ForwardContentAsync(token);
            case Step.EndOfData:
                return FinishMessageAsync();
            case Step.ChunkDone:
                _session.ChunkReceived(_chunkSize, _chunkLast);
                return _chunkLast ? FinishMessageAsync() : ChunkAcceptedAsync(token);
            case Step.DiscardDone:
                _mode = ContentMode.Commands;
                if (_discardDecision.Reply is not null)
                {
                    Output.Write(_discardDecision.Reply.Span);
                }

                return ValueTask.CompletedTask;
            default:
                return ValueTask.CompletedTask;
        }
    }

    // After every step: when draining and the transaction in flight is done, tell the client we are going away.
    private void AfterStep()
    {
        if (_shutdownRequested && !_session.InTransaction && _mode == ContentMode.Commands)
        {
            Output.Write(SmtpReplies.ShuttingDown.Span);
            _metrics.Reply(SmtpReplies.ShuttingDown.Code);
            _session.Close();
        }
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask AbortStepAsync()
    {
        await AbortTransactionAsync().ConfigureAwait(false);
        _envelope.Clear();
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask ChunkAcceptedAsync(CancellationToken token)
    {
        await ForwardContentAsync(token).ConfigureAwait(false);
        ReplyWriter.WriteChunkAccepted(Output, _chunk.ContentLength);
        _metrics.Reply(250);
        _mode = ContentMode.Commands;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask OpenTransactionAsync(CancellationToken token)
    {
        _info.TransactionNumber++;
        SinkReply reply;
        IMailTransaction? transaction;
        try
        {
            (reply, transaction) = await _sink.OpenAsync(_info, _envelope, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SinkFailed(_logger, _context.ConnectionId, "open", ex);
            (reply, transaction) = (SmtpReplies.LocalError, null);
        }

        if (transaction is not null && reply.Code is >= 200 and < 300)
        {
            _transaction = transaction;
            _session.MailAccepted(_envelope.MailParameters);
            reply.WriteTo(Output);
            _metrics.Reply(reply.Code);
            return;
        }

        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }

        _envelope.Clear();
        (reply.IsPositive ? SmtpReplies.LocalError : reply).WriteTo(Output);
        _metrics.Reply(reply.IsPositive ? SmtpReplies.LocalError : reply);
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask AddRecipientAsync(CancellationToken token)
    {
        // SECURITY: relay control before any sink sees the recipient.
        if (!_session.IsAuthenticated && !_listener.AcceptedDomains.Accepts(_envelope.Recipient(_pendingRecipient)))
        {
            _session.RecipientRefused();
            Output.Write(SmtpReplies.RelayDenied.Span);
            _metrics.Recipient(SmtpReplies.RelayDenied.Code);
            _metrics.Reply(SmtpReplies.RelayDenied);
            return;
        }

        SinkReply reply;
        try
        {
            reply = await _transaction!.AddRecipientAsync(_envelope, _pendingRecipient, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SinkFailed(_logger, _context.ConnectionId, "rcpt", ex);
            reply = SmtpReplies.LocalError;
        }

        if (reply.Code is >= 200 and < 300)
        {
            _envelope.MarkAccepted(_pendingRecipient);
            _session.RecipientAccepted();
        }
        else
        {
            _session.RecipientRefused(temporary: reply.Code is >= 400 and < 500);
            if (reply.IsPositive)
            {
                reply = SmtpReplies.LocalError;
            }
        }

        reply.WriteTo(Output);
        _metrics.Recipient(reply.Code);
        _metrics.Reply(reply.Code);
    }

    // DATA, or the first BDAT chunk: the sink opens the content (the backend's DATA, 354). Refused, the client gets the
    // refusal (DATA) or the chunk's octets are read and dropped (BDAT).
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask BeginContentAsync(bool chunk, CancellationToken token)
    {
        SinkReply reply;
        try
        {
            reply = await _transaction!.BeginContentAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SinkFailed(_logger, _context.ConnectionId, "data", ex);
            reply = SmtpReplies.LocalError;
        }

        if (!reply.IsPositive)
        {
            reply.WriteTo(Output);
            _metrics.Reply(reply.Code);
            await AbortTransactionAsync().ConfigureAwait(false);
            _envelope.Clear();
            _session.TransactionEnded(delivered: false);
            if (chunk)
            {
                // The sink refused the content: the chunk's octets must still be read and dropped.
                _chunk.BeginChunk(_chunkSize, _chunkLast);
                _discardDecision = new Decision(SessionAction.Reply, null);
                _mode = ContentMode.DiscardChunk;
            }

            return;
        }

        _contentFailure = null;
        _chunk.Reset();
        _content ??= new PooledBufferWriter(); // one per connection; its array goes back to the pool after each message
        _content.Reset();
        _contentOpen = true;
        TraceHeader.Write(_content, _info, _envelope, _listener.Session.Hostname);
        if (chunk)
        {
            _chunk.BeginChunk(_chunkSize, _chunkLast);
            _mode = ContentMode.Chunk;
            return;
        }

        Output.Write(SmtpReplies.StartMailInput.Span);
        _metrics.Reply(SmtpReplies.StartMailInput.Code);
        _session.DataStarted();
        _data.Reset();
        _mode = ContentMode.Data;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask ForwardContentAsync(CancellationToken token, bool last = false)
    {
        if (_content is null || _content.WrittenCount == 0)
        {
            return;
        }

        if (_contentFailure is null && _transaction is not null)
        {
            try
            {
                if (last)
                {
                    await _transaction.WriteLastContentAsync(_content.WrittenMemory, token).ConfigureAwait(false);
                }
                else
                {
                    await _transaction.WriteContentAsync(_content.WrittenMemory, token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SinkFailed(_logger, _context.ConnectionId, "content", ex);
                _contentFailure = SmtpReplies.LocalError;
            }
        }

        _content.Reset();
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask FinishMessageAsync()
    {
        await ForwardContentAsync(_context.ConnectionClosed, last: true).ConfigureAwait(false);
        SinkReply reply;
        if (_contentFailure is not null || _transaction is null)
        {
            reply = _contentFailure ?? SmtpReplies.LocalError;
            Log.MessageRefused(_logger, _context.ConnectionId, reply.Code);
        }
        else
        {
            // Not tied to the client's connection: once the end of data arrived the sink decides, and a client that
            // left meanwhile retries (a duplicate at worst, never a loss). Bounded by the DATA termination timeout
            // (RFC 5321 4.5.3.2.6); a sink that overruns it gets no 250 from us.
            try
            {
                reply = await _transaction.CompleteAsync(ArmDataTermination()).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.SinkFailed(_logger, _context.ConnectionId, "complete", ex);
                reply = SmtpReplies.LocalError;
            }

            _dataTermination!.TryReset(); // stops the timer; a source that fired is replaced at the next message
        }

        var delivered = reply.Code is >= 200 and < 300;
        if (!delivered && reply.IsPositive)
        {
            reply = SmtpReplies.LocalError;
        }

        reply.WriteTo(Output);
        _metrics.Reply(reply.Code);
        _metrics.Message(reply, _mode == ContentMode.Data ? _data.ContentLength : _chunk.ContentLength, _envelope.AcceptedCount, _info);
        await AbortTransactionAsync().ConfigureAwait(false);
        _envelope.Clear();
        _contentFailure = null;
        _mode = ContentMode.Commands;
        _session.TransactionEnded(delivered);
    }

    // One DATA-termination timer per connection, re-armed per message (a CancellationTokenSource and its timer per
    // message were ~130 B of the per-message allocation). TryReset also stops the previous message's timer; only a
    // source that fired (the sink overran) is replaced.
    private CancellationToken ArmDataTermination()
    {
        if (_dataTermination is null || !_dataTermination.TryReset())
        {
            _dataTermination?.Dispose();
            _dataTermination = new CancellationTokenSource();
        }

        _dataTermination.CancelAfter(_listener.Timeouts.DataTermination);
        return _dataTermination.Token;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask AbortTransactionAsync()
    {
        var transaction = _transaction;
        _transaction = null;
        _content?.Dispose(); // returns the array: an idle connection holds no content buffer
        _contentOpen = false;
        if (transaction is not null)
        {
            try
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.SinkFailed(_logger, _context.ConnectionId, "abort", ex);
            }
        }
    }
}
