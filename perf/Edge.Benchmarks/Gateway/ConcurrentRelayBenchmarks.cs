// ConcurrentRelayBenchmarks: RelayBenchmarks' whole relayed message with many sessions in flight at once, as under
// real load (loadtest/compare's workload (a): 100 smtp-source sessions, 1 KiB messages, Information logging through
// Edge's console logger). One session's messages one after another let the runtime's per-thread and per-core caches
// (async builders' boxes, ArrayPool buffers) serve nearly everything; here every session waits on the in-memory
// backend while the others go on, and each resumes on whichever thread-pool thread the pipe schedules it.
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;

namespace Edge.Benchmarks.Gateway;

[MemoryDiagnoser]
public class ConcurrentRelayBenchmarks
{
    /// <summary>
    /// Messages per benchmark invocation, shared among the sessions (the harness's own tasks, ~200 B a session per
    /// invocation, add ~13 B per message at 100 sessions).
    /// </summary>
    public const int Messages = 12_800;

    private GatewayHarness _gateway = null!;
    private SmtpPipeClient[] _sessions = [];

    /// <summary>Sessions sending at once.</summary>
    [Params(1, 20, 100)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gateway = GatewayHarness.StartAsync(LogLevel.Information).GetAwaiter().GetResult();
        _sessions = new SmtpPipeClient[Sessions];
        for (var i = 0; i < Sessions; i++)
        {
            _sessions[i] = _gateway.ConnectAsync(tls: false).GetAwaiter().GetResult();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var session in _sessions)
        {
            session.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _gateway.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One 1 KiB plaintext message (per message; <see cref="Messages"/> per invocation, the sessions at once).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task PlainMessage1KiBInfoLog() => Message.SendConcurrentlyAsync(_sessions, Messages / Sessions, Scripts.Message1KiB);
}
