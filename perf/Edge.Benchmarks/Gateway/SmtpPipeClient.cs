// SmtpPipeClient: the benchmark's SMTP client, on a pipe pair (plaintext) or on an SslStream over it (TLS). It reads
// replies without making strings, so what the benchmark allocates is (almost all) the gateway's.
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using Edge.Gateway.Tls;

namespace Edge.Benchmarks.Gateway;

/// <summary>One client session.</summary>
internal sealed class SmtpPipeClient : IAsyncDisposable
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true);
    private static readonly StreamPipeWriterOptions WriterOptions = new(minimumBufferSize: 8192, leaveOpen: true);
    private const int SendContent = 0;

    // After the pipelined envelope: its three replies, the content, the final reply.
    private static readonly int[] MessageSteps = [250, 250, 354, SendContent, 250];
    private readonly IDuplexPipe _transport;
    private PipeReader _input;
    private PipeWriter _output;
    private SslStream? _ssl;

    public SmtpPipeClient(IDuplexPipe transport)
    {
        _transport = transport;
        _input = transport.Input;
        _output = transport.Output;
    }

    /// <summary>Writes and flushes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        _output.Write(bytes.Span);
        await _output.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Reads one (possibly multi-line) reply and returns its code.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadReplyAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            var code = TryTakeReply(result.Buffer, out var consumed);
            if (code > 0)
            {
                _input.AdvanceTo(consumed);
                return code;
            }

            if (result.IsCompleted)
            {
                _input.AdvanceTo(result.Buffer.End);
                return 0; // closed
            }

            _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>
    /// <paramref name="count"/> messages as <see cref="Message.SendAsync"/> sends them, every wait in this one method: a
    /// single state machine per call, whatever the number of sessions sending at once (the per-message methods' pooling
    /// builder keeps one box per thread, which many sessions in flight would miss), so the client still costs nothing
    /// per message.
    /// </summary>
    public async Task SendMessagesAsync(int count, byte[] content)
    {
        // Each session goes on from a thread-pool thread, not inline on its caller's, like independent clients.
        await Task.Yield();
        for (var i = 0; i < count; i++)
        {
            _output.Write(Scripts.Envelope);
            await _output.FlushAsync().ConfigureAwait(false);
            foreach (var step in MessageSteps)
            {
                if (step == SendContent)
                {
                    _output.Write(content);
                    await _output.FlushAsync().ConfigureAwait(false);
                    continue;
                }

                int code;
                while (true)
                {
                    var result = await _input.ReadAsync().ConfigureAwait(false);
                    code = TryTakeReply(result.Buffer, out var consumed);
                    if (code > 0)
                    {
                        _input.AdvanceTo(consumed);
                        break;
                    }

                    if (result.IsCompleted)
                    {
                        throw new InvalidOperationException($"closed while waiting for {step}");
                    }

                    _input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                }

                if (code != step)
                {
                    throw new InvalidOperationException($"expected {step}, got {code}");
                }
            }
        }
    }

    /// <summary>Reads a reply and fails unless its code is <paramref name="expected"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ExpectAsync(int expected)
    {
        var code = await ReadReplyAsync().ConfigureAwait(false);
        if (code != expected)
        {
            throw new InvalidOperationException($"expected {expected}, got {code}");
        }
    }

    /// <summary>STARTTLS was answered 220: the TLS handshake, then pipes over the SslStream.</summary>
    public async Task UpgradeAsync()
    {
        _ssl = new SslStream(new PipeStream(_transport), leaveInnerStreamOpen: true);
        await _ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "mx.example.com",
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            RemoteCertificateValidationCallback = static (_, certificate, _, _) => certificate is not null, // the gateway's self-signed default, in memory
        }).ConfigureAwait(false);
        _input = PipeReader.Create(_ssl, ReaderOptions);
        _output = PipeWriter.Create(_ssl, WriterOptions);
    }

    /// <summary>Reads until the server closes.</summary>
    public async Task DrainAsync()
    {
        while (true)
        {
            var result = await _input.ReadAsync().ConfigureAwait(false);
            _input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ssl is not null)
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            await _output.CompleteAsync().ConfigureAwait(false);
            await _ssl.DisposeAsync().ConfigureAwait(false);
        }

        await _transport.Input.CompleteAsync().ConfigureAwait(false);
        await _transport.Output.CompleteAsync().ConfigureAwait(false);
    }

    // A reply is complete when a line has a space (not a hyphen) after its code (RFC 5321 4.2.1).
    private static int TryTakeReply(ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> head = stackalloc byte[4];
        while (reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
        {
            if (line.Length < 3)
            {
                continue;
            }

            var take = (int)Math.Min(4, line.Length);
            line.Slice(0, take).CopyTo(head);
            if (take == 3 || head[3] == (byte)' ')
            {
                consumed = reader.Position;
                return ((head[0] - '0') * 100) + ((head[1] - '0') * 10) + (head[2] - '0');
            }
        }

        consumed = default;
        return 0;
    }
}
