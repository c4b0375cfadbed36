// SmtpConnection, synchronous half: frames and parses what is buffered, writes the replies the state machine
// decides alone, and stops at the first step that needs the sink or the transport (returned as a Step).
using System.Buffers;
using Edge.Protocol;
using Edge.Protocol.Framing;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;
using Edge.Protocol.Session;

namespace Edge.Gateway.Connections;

internal sealed partial class SmtpConnection
{
    private enum Step : byte
    {
        NeedMore,
        StartTls,
        Close,
        Mail,
        Recipient,
        BeginData,
        BeginChunk,
        ContentReady,
        EndOfData,
        ChunkDone,
        DiscardDone,
        Abort,
        Authenticate,
    }

    /// <summary>Consumes from <paramref name="buffer"/> until a step needs asynchronous work or more input.</summary>
    private Step Process(ref ReadOnlySequence<byte> buffer)
    {
        return _mode switch
        {
            ContentMode.Data => ProcessData(ref buffer),
            ContentMode.Chunk or ContentMode.DiscardChunk => ProcessChunk(ref buffer),
            _ => ProcessCommands(ref buffer),
        };
    }

    // The next buffered command is exactly "DATA" (any case): the relay may pipeline its own DATA behind the RCPT.
    private static bool StartsWithData(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 6)
        {
            return false;
        }

        Span<byte> head = stackalloc byte[6];
        buffer.Slice(0, 6).CopyTo(head);
        return Ascii.EqualsIgnoreCase(head[..4], "DATA"u8) && head[4] == (byte)'\r' && head[5] == (byte)'\n';
    }

    private Step ProcessCommands(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> scratch = stackalloc byte[SmtpLimits.MaxCommandLineLength];
        while (true)
        {
            var reader = new SequenceReader<byte>(buffer);
            var status = _lines.TryRead(ref reader, out var line);
            buffer = buffer.Slice(reader.Position);
            if (status == LineReadStatus.NeedMoreData)
            {
                return Step.NeedMore;
            }

            Decision decision;
            scoped SmtpCommand command = default;
            var error = CommandError.None;
            if (status == LineReadStatus.LineTooLong)
            {
                decision = _session.ProcessLineTooLong();
            }
            else
            {
                error = CommandParser.Parse(line, scratch, out command);
                if (!buffer.IsEmpty && PipelinedImproperly(command.Verb))
                {
                    return Step.Close;
                }

                decision = _session.Decide(error, command);
                if (error == CommandError.None && command.Verb is SmtpVerb.Helo or SmtpVerb.Ehlo && decision.Action == SessionAction.Reply)
                {
                    RememberHelo(command.Argument, command.Verb == SmtpVerb.Ehlo);
                    _metrics.Helo(command.Verb == SmtpVerb.Ehlo);
                }
            }

            _metrics.Command(command.Verb);
            if (decision.Reply is not null)
            {
                _metrics.Reply(decision.Reply);
            }

            switch (decision.Action)
            {
                case SessionAction.Reply:
                    Output.Write(decision.Reply!.Span);
                    if (decision.AbortsTransaction && _transaction is not null)
                    {
                        return Step.Abort;
                    }

                    if (decision.AbortsTransaction)
                    {
                        _envelope.Clear();
                    }

                    continue;
                case SessionAction.Close:
                    Output.Write(decision.Reply!.Span);
                    return Step.Close;
                case SessionAction.StartTls:
                    Output.Write(decision.Reply!.Span);
                    return Step.StartTls;
                case SessionAction.Mail:
                    _metrics.Mail(_info.Helo);
                    _envelope.Begin(command);
                    return Step.Mail;
                case SessionAction.Recipient:
                    _pendingRecipient = _envelope.AddRecipient(command);
                    _envelope.DataFollows = StartsWithData(buffer);
                    return Step.Recipient;
                case SessionAction.Data:
                    return Step.BeginData;
                case SessionAction.Chunk:
                    _chunkSize = command.ChunkSize;
                    _chunkLast = command.LastChunk;
                    return Step.BeginChunk;
                case SessionAction.DiscardChunk:
                    _discardDecision = decision;
                    _chunk.BeginChunk(command.ChunkSize, command.LastChunk);
                    _mode = ContentMode.DiscardChunk;
                    if (decision.AbortsTransaction && _transaction is not null)
                    {
                        return Step.Abort;
                    }

                    return ProcessChunk(ref buffer);
                case SessionAction.Authenticate:
                    PrepareAuth(command);
                    return Step.Authenticate;
                default:
                    Output.Write(SmtpReplies.LocalError.Span);
                    _metrics.Reply(SmtpReplies.LocalError.Code);
                    continue;
            }
        }
    }

    private Step ProcessData(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var forwarding = _contentFailure is null;
        var status = _data.Advance(ref reader, forwarding ? _content : null);
        buffer = buffer.Slice(reader.Position);
        CheckContent(_data.ContentLength, _data.Violations);
        if (status == DataFramerStatus.EndOfData)
        {
            return Step.EndOfData;
        }

        // Forwarded when this read brought content: the Received header alone waits for the first content (one write
        // to the backend fewer per message; for a message that arrives whole, header, content and end go out together).
        return reader.Consumed > 0 && _content!.WrittenCount > 0 ? Step.ContentReady : Step.NeedMore;
    }

    private Step ProcessChunk(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        var discarding = _mode == ContentMode.DiscardChunk;
        var status = _chunk.Advance(ref reader, discarding || _contentFailure is not null ? null : _content);
        buffer = buffer.Slice(reader.Position);
        if (!discarding)
        {
            CheckContent(_chunk.ContentLength, _chunk.Violations);
        }

        if (status == BdatFramerStatus.ChunkComplete)
        {
            return discarding ? Step.DiscardDone : Step.ChunkDone;
        }

        return !discarding && reader.Consumed > 0 && _content!.WrittenCount > 0 ? Step.ContentReady : Step.NeedMore;
    }

    /// <summary>
    /// SECURITY: content that breaks the rules stops being forwarded at once (the sink transaction is aborted at the
    /// end); the client still gets its reply only after the end of data, as RFC 5321 requires.
    /// </summary>
    private void CheckContent(long length, DataViolations violations)
    {
        if (_contentFailure is not null)
        {
            return;
        }

        var max = _listener.Session.MaxMessageSize;
        if (max > 0 && length > max)
        {
            _contentFailure = SmtpReplies.MessageTooBig;
        }
        else if (_listener.BareLineEndings == BareLineEndingHandling.Reject &&
                 (violations & (DataViolations.BareCr | DataViolations.BareLf | DataViolations.SmugglingShape)) != 0)
        {
            _contentFailure = SmtpReplies.BareLineEnding;
        }

        if (_contentFailure is not null)
        {
            _content?.Reset();
        }
    }

    private void RememberHelo(ReadOnlySpan<byte> argument, bool extended)
    {
        // Kept for Received and logs only; sanitised and capped since it comes from the wire.
        var length = Math.Min(argument.Length, SmtpLimits.MaxDomainLength);
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            var b = argument[i];
            chars[i] = b is > 0x20 and < 0x7F ? (char)b : '?';
        }

        _info.Helo = chars.ToString();
        _info.Extended = extended;
    }
}
