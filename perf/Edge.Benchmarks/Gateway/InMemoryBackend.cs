// InMemoryBackend: the relay's IBackendTransport for the benchmarks. Each connection is a pair of in-memory pipes
// with a minimal, allocation-free SMTP server on the far end (Postfix-like EHLO: PIPELINING, 8BITMIME, XFORWARD),
// which accepts every command and every message. It reads DATA line by line until the lone dot, so the relayed
// content really crosses the pipe.
using System.Buffers;
using System.IO.Pipelines;
using Edge.Gateway.Configuration;
using Edge.Gateway.Relay;
using Edge.Gateway.Tls;

namespace Edge.Benchmarks.Gateway;

/// <summary>Backends that live in this process.</summary>
internal sealed class InMemoryBackend : IBackendTransport, IDisposable
{
    private static readonly byte[] Greeting = "220 backend.test ESMTP\r\n"u8.ToArray();
    private static readonly byte[] Ehlo = "250-backend.test\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-XFORWARD NAME ADDR PROTO HELO\r\n250 SMTPUTF8\r\n"u8.ToArray();
    private static readonly byte[] Ok = "250 2.0.0 Ok\r\n"u8.ToArray();
    private static readonly byte[] StartData = "354 End data with <CR><LF>.<CR><LF>\r\n"u8.ToArray();
    private static readonly byte[] Queued = "250 2.0.0 Ok: queued as 4XyZ1234AB\r\n"u8.ToArray();
    private static readonly byte[] Bye = "221 2.0.0 Bye\r\n"u8.ToArray();
    private readonly CancellationTokenSource _stop = new();
    private long _messages;
    private long _connections;

    /// <summary>Options of the connections' pipes (their memory pool).</summary>
    public PipeOptions Pipes { get; set; } = new(useSynchronizationContext: false);

    /// <summary>Messages accepted so far (all connections).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Connections the gateway opened so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public ValueTask<Stream> ConnectAsync(BackendSettings backend, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connections);
        var toBackend = new Pipe(Pipes);
        var toEdge = new Pipe(Pipes);
        _ = Task.Run(() => ServeAsync(toBackend.Reader, toEdge.Writer, _stop.Token), CancellationToken.None);
        return ValueTask.FromResult<Stream>(new PipeStream(new Duplex(toEdge.Reader, toBackend.Writer)));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task ServeAsync(PipeReader input, PipeWriter output, CancellationToken stop)
    {
        try
        {
            output.Write(Greeting);
            await output.FlushAsync(stop).ConfigureAwait(false);
            var inData = false;
            while (true)
            {
                var result = await input.ReadAsync(stop).ConfigureAwait(false);
                var reader = new SequenceReader<byte>(result.Buffer);
                var quit = false;
                while (!quit && reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
                {
                    if (inData)
                    {
                        if (line.Length == 1 && line.FirstSpan[0] == (byte)'.')
                        {
                            inData = false;
                            Interlocked.Increment(ref _messages);
                            output.Write(Queued);
                        }

                        continue;
                    }

                    (inData, quit) = Answer(line, output);
                }

                input.AdvanceTo(reader.Position, result.Buffer.End);
                if (output.UnflushedBytes > 0)
                {
                    await output.FlushAsync(stop).ConfigureAwait(false);
                }

                if (quit || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // benchmark over
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
            await output.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static (bool Data, bool Quit) Answer(ReadOnlySequence<byte> line, PipeWriter output)
    {
        Span<byte> verb = stackalloc byte[4];
        if (line.Length < 4)
        {
            output.Write("500 5.5.2 Error\r\n"u8);
            return (false, false);
        }

        line.Slice(0, 4).CopyTo(verb);
        for (var i = 0; i < 4; i++)
        {
            verb[i] = (byte)(verb[i] & ~0x20);
        }

        if (verb.SequenceEqual("EHLO"u8))
        {
            output.Write(Ehlo);
        }
        else if (verb.SequenceEqual("DATA"u8))
        {
            output.Write(StartData);
            return (true, false);
        }
        else if (verb.SequenceEqual("QUIT"u8))
        {
            output.Write(Bye);
            return (false, true);
        }
        else
        {
            output.Write(Ok); // MAIL, RCPT, RSET, NOOP, XFORWARD, HELO
        }

        return (false, false);
    }

    private sealed record Duplex(PipeReader Input, PipeWriter Output) : IDuplexPipe;
}
