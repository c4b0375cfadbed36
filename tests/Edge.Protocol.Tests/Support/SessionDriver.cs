// SessionDriver: runs Edge.Protocol the way the gateway does (line reader → parser → state machine → framer),
// over in-memory buffers, with a scripted sink that accepts everything except recipients whose local part starts
// with "reject". Used by the golden transcripts, the allocation test and the whole-session benchmark.
using System.Buffers;
using Edge.Protocol.Framing;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;
using Edge.Protocol.Session;

namespace Edge.Protocol.Tests.Support;

internal sealed class SessionDriver
{
    private static readonly SmtpReply UnknownUser = SmtpReply.Create(550, "5.1.1", "User unknown");
    private readonly SmtpSession _session;
    private CommandLineReader _lines;
    private DataFramer _data;
    private BdatFramer _chunk;
    private bool _inData;
    private bool _inChunk;
    private bool _discardChunk;
    private long _chunkSize;
    private SmtpReply? _pendingDiscardReply;

    public SessionDriver(SessionSettings settings, IBufferWriter<byte> output, IBufferWriter<byte> content)
    {
        _session = new SmtpSession(settings);
        _lines = new CommandLineReader(SmtpLimits.DefaultCommandLineLength);
        _data = new DataFramer(BareLineEndingHandling.Reject);
        _chunk = new BdatFramer(BareLineEndingHandling.Reject);
        Output = output;
        Content = content;
    }

    public IBufferWriter<byte> Output { get; }

    public IBufferWriter<byte> Content { get; }

    public SmtpSession Session => _session;

    public int Delivered { get; private set; }

    /// <summary>Processes what it can; returns the unconsumed rest (an incomplete line or content).</summary>
    public ReadOnlySequence<byte> Feed(ReadOnlySequence<byte> input)
    {
        Span<byte> scratch = stackalloc byte[SmtpLimits.MaxCommandLineLength];
        while (!input.IsEmpty && _session.State != SessionState.Closed)
        {
            var reader = new SequenceReader<byte>(input);
            if (_inData)
            {
                var status = _data.Advance(ref reader, Content);
                input = input.Slice(reader.Position);
                if (status == DataFramerStatus.EndOfData)
                {
                    _inData = false;
                    var clean = (_data.Violations & (DataViolations.BareCr | DataViolations.BareLf | DataViolations.SmugglingShape)) == 0;
                    Output.Write((clean ? SmtpReplies.MessageAccepted : SmtpReplies.BareLineEnding).Span);
                    _session.TransactionEnded(clean);
                    Delivered += clean ? 1 : 0;
                }

                continue;
            }

            if (_inChunk)
            {
                var status = _chunk.Advance(ref reader, _discardChunk ? null : Content);
                input = input.Slice(reader.Position);
                if (status == BdatFramerStatus.ChunkComplete)
                {
                    _inChunk = false;
                    if (_discardChunk)
                    {
                        Output.Write(_pendingDiscardReply!.Span);
                    }
                    else
                    {
                        _session.ChunkReceived(_chunkSize, _chunk.IsLastChunk);
                        if (_chunk.IsLastChunk)
                        {
                            Output.Write(SmtpReplies.MessageAccepted.Span);
                            _session.TransactionEnded(true);
                            Delivered++;
                        }
                        else
                        {
                            ReplyWriter.WriteChunkAccepted(Output, _chunk.ContentLength);
                        }
                    }
                }

                continue;
            }

            var lineStatus = _lines.TryRead(ref reader, out var line);
            input = input.Slice(reader.Position);
            if (lineStatus == LineReadStatus.NeedMoreData)
            {
                break;
            }

            scoped SmtpCommand command = default;
            var decision = lineStatus == LineReadStatus.LineTooLong
                ? _session.ProcessLineTooLong()
                : _session.Decide(CommandParser.Parse(line, scratch, out command), command);
            Apply(decision, command);
        }

        return input;
    }

    private void Apply(Decision decision, scoped in SmtpCommand command)
    {
        switch (decision.Action)
        {
            case SessionAction.Reply:
            case SessionAction.Close:
                Output.Write(decision.Reply!.Span);
                break;
            case SessionAction.StartTls:
                Output.Write(decision.Reply!.Span);
                _session.TlsStarted();
                break;
            case SessionAction.Mail:
                _session.MailAccepted(command.Mail);
                Output.Write(SmtpReplies.SenderOk.Span);
                break;
            case SessionAction.Recipient:
                if (command.Path.StartsWith("reject"u8))
                {
                    _session.RecipientRefused();
                    Output.Write(UnknownUser.Span);
                }
                else
                {
                    _session.RecipientAccepted();
                    Output.Write(SmtpReplies.RecipientOk.Span);
                }

                break;
            case SessionAction.Data:
                Output.Write(SmtpReplies.StartMailInput.Span);
                _session.DataStarted();
                _data.Reset();
                _inData = true;
                break;
            case SessionAction.Chunk:
                if (_session.State != SessionState.ReceivingChunks)
                {
                    _chunk.Reset();
                }

                _chunk.BeginChunk(command.ChunkSize, command.LastChunk);
                _chunkSize = command.ChunkSize;
                _discardChunk = false;
                _inChunk = true;
                break;
            case SessionAction.DiscardChunk:
                _chunk.BeginChunk(command.ChunkSize, command.LastChunk);
                _discardChunk = true;
                _pendingDiscardReply = decision.Reply;
                _inChunk = true;
                break;
            case SessionAction.Authenticate:
                Output.Write(SmtpReplies.AuthNotAvailable.Span);
                _session.AuthenticationEnded(false);
                break;
        }
    }
}
