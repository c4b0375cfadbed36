// RelayBenchmarks: whole messages through the real gateway over in-memory pipes (client -> Kestrel pipeline -> TLS
// -> SmtpConnection -> RelayMessageSink -> in-memory backend and back). Per message: MAIL, RCPT, DATA pipelined,
// 354, 4 KiB of content, the backend's 250. Allocated bytes count every thread (gateway, backend and the client;
// the client and backend allocate nothing per message in steady state), so they are the gateway's per message.
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Edge.Benchmarks.Gateway;

[MemoryDiagnoser]
public class RelayBenchmarks
{
    /// <summary>Messages per benchmark invocation (amortises the harness's own await).</summary>
    public const int Batch = 16;

    private GatewayHarness _gateway = null!;
    private SmtpPipeClient _plain = null!;
    private SmtpPipeClient _tls = null!;

    [GlobalSetup(Targets = [nameof(PlainMessage4KiB), nameof(TlsMessage4KiB), nameof(PlainSessionOneMessage), nameof(PlainSessionSetup), nameof(TlsSessionSetup)])]
    public void Setup() => SetupWith(LogLevel.Warning);

    [GlobalSetup(Target = nameof(PlainMessage4KiBInfoLog))]
    public void SetupInfoLog() => SetupWith(LogLevel.Information);

    [GlobalCleanup]
    public void Cleanup()
    {
        _plain.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _tls.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One 4 KiB message on an established plaintext session (per message; 16 per invocation).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task PlainMessage4KiB()
    {
        for (var i = 0; i < Batch; i++)
        {
            await Message.SendAsync(_plain).ConfigureAwait(false);
        }
    }

    /// <summary>The same on an established STARTTLS session (TLS 1.3).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task TlsMessage4KiB()
    {
        for (var i = 0; i < Batch; i++)
        {
            await Message.SendAsync(_tls).ConfigureAwait(false);
        }
    }

    /// <summary>PlainMessage4KiB with logging at Information (the shipped default level), through Edge's console logger to nothing.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task PlainMessage4KiBInfoLog()
    {
        for (var i = 0; i < Batch; i++)
        {
            await Message.SendAsync(_plain).ConfigureAwait(false);
        }
    }

    /// <summary>Connect, greeting, EHLO, one message, QUIT: a connection-heavy client.</summary>
    [Benchmark]
    public async Task PlainSessionOneMessage()
    {
        var client = await _gateway.ConnectAsync(tls: false).ConfigureAwait(false);
        await Message.SendAsync(client).ConfigureAwait(false);
        await Message.QuitAsync(client).ConfigureAwait(false);
    }

    /// <summary>Connect, greeting, EHLO, QUIT.</summary>
    [Benchmark]
    public async Task PlainSessionSetup()
    {
        var client = await _gateway.ConnectAsync(tls: false).ConfigureAwait(false);
        await Message.QuitAsync(client).ConfigureAwait(false);
    }

    /// <summary>Connect, greeting, EHLO, STARTTLS, TLS 1.3 handshake (both sides), EHLO, QUIT.</summary>
    [Benchmark]
    public async Task TlsSessionSetup()
    {
        var client = await _gateway.ConnectAsync(tls: true).ConfigureAwait(false);
        await Message.QuitAsync(client).ConfigureAwait(false);
    }

    private void SetupWith(LogLevel level)
    {
        _gateway = GatewayHarness.StartAsync(level).GetAwaiter().GetResult();
        _plain = _gateway.ConnectAsync(tls: false).GetAwaiter().GetResult();
        _tls = _gateway.ConnectAsync(tls: true).GetAwaiter().GetResult();
    }
}
