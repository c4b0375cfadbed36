// SinkConnection: one SMTP session on the sink. Reads with a PipeReader, frames command lines with Edge.Protocol's
// CommandLineReader and DATA with its DataFramer (RFC 5321 4.5.2 unstuffing, end only at CRLF.CRLF), answers every
// command with a pre-encoded reply, and writes the replies of one read batch in one write (RFC 2920 pipelining).
// It accepts any envelope: the sink measures and verifies, it does not police. No strings are made per line.
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Edge.Protocol.Framing;
using Edge.Protocol.Parsing;

namespace Edge.LoadTest.Sink;

/// <summary>One connection to the sink.</summary>
internal sealed class SinkConnection
{
    private readonly Socket _socket;
    private readonly SinkCounters _counters;
    private readonly bool _verify;
    private readonly ArrayBufferWriter<byte> _replies = new(1024);
    private CommandLineReader _lines = new(Edge.Protocol.SmtpLimits.MaxCommandLineLength);
    private DataFramer _framer = new(BareLineEndingHandling.Reject);
    private bool _inData;
    private bool _quit;

    public SinkConnection(Socket socket, SinkCounters counters, bool verify)
    {
        _socket = socket;
        _counters = counters;
        _verify = verify;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _counters.Connected();
        await using var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 32 * 1024, leaveOpen: true));
        using var content = new BodyHashWriter { Verify = _verify };
        try
        {
            await stream.WriteAsync(SinkReplies.Greeting, cancellationToken);
            while (!_quit)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var consumed = Process(buffer, content);
                reader.AdvanceTo(consumed, buffer.End);
                if (_replies.WrittenCount > 0)
                {
                    await stream.WriteAsync(_replies.WrittenMemory, cancellationToken);
                    _replies.ResetWrittenCount();
                }

                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // the client went away: nothing to count
        }
        catch (OperationCanceledException)
        {
            // the sink is stopping
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    // Handles every complete command and all DATA content in the buffer; returns how far it got.
    private SequencePosition Process(in ReadOnlySequence<byte> buffer, BodyHashWriter content)
    {
        var input = new SequenceReader<byte>(buffer);
        while (!_quit && !input.End)
        {
            if (_inData)
            {
                if (_framer.Advance(ref input, content) == DataFramerStatus.NeedMoreData)
                {
                    break;
                }

                _inData = false;
                _counters.Received(content.Length, content.Finish());
                _framer.Reset();
                _replies.Write(SinkReplies.Queued);
                continue;
            }

            var status = _lines.TryRead(ref input, out var line);
            if (status == LineReadStatus.NeedMoreData)
            {
                break;
            }

            if (status == LineReadStatus.LineTooLong)
            {
                _replies.Write(SinkReplies.LineTooLong);
                continue;
            }

            Dispatch(line);
        }

        return input.Position;
    }

    private void Dispatch(in ReadOnlySequence<byte> line)
    {
        Span<byte> verb = stackalloc byte[4];
        if (line.Length < 4)
        {
            _replies.Write(SinkReplies.Unrecognized);
            return;
        }

        line.Slice(0, 4).CopyTo(verb);
        uint packed = BitConverter.ToUInt32(verb) | 0x20202020u; // ASCII lower case, little-endian packed
        switch (packed)
        {
            case 0x6f6c6865: // "ehlo"
                _replies.Write(SinkReplies.Ehlo);
                break;
            case 0x6f6c6568: // "helo"
                _replies.Write(SinkReplies.Helo);
                break;
            case 0x6c69616d: // "mail"
            case 0x74706372: // "rcpt"
            case 0x74657372: // "rset"
            case 0x706f6f6e: // "noop"
            case 0x726f6678: // "xfor": XFORWARD (Postfix XFORWARD_README)
                _replies.Write(SinkReplies.Ok);
                break;
            case 0x61746164: // "data"
                _replies.Write(SinkReplies.StartData);
                _inData = true;
                break;
            case 0x74697571: // "quit"
                _replies.Write(SinkReplies.Bye);
                _quit = true;
                break;
            default:
                _replies.Write(SinkReplies.Unrecognized);
                break;
        }
    }
}
