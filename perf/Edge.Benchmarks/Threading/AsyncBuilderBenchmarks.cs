// AsyncBuilderBenchmarks: the cost of one wait in an async ValueTask method under three builders, with 1 or 200 calls
// of the same method waiting at once (200 is a relay with many sessions in the same step). Each operation starts the
// calls, completes the awaitable each one waits on, and reads every result, on one thread, so the figures are the
// builder's own work: box rent/return, execution context, continuation. Allocation is exact.
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using BenchmarkDotNet.Attributes;
using Edge.Gateway.Threading;

// The calls' ValueTasks are kept in an array and read once each after completion: that is the measured pattern.
#pragma warning disable CA2012

namespace Edge.Benchmarks.Threading;

[MemoryDiagnoser]
public class AsyncBuilderBenchmarks
{
    private Gate[] _gates = [];
    private ValueTask<int>[] _tasks = [];

    [Params(1, 200)]
    public int InFlight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _gates = Enumerable.Range(0, InFlight).Select(_ => new Gate()).ToArray();
        _tasks = new ValueTask<int>[InFlight];
    }

    [Benchmark(Baseline = true, Description = "runtime PoolingAsyncValueTaskMethodBuilder")]
    public long RuntimePooling() => Run(static gate => RuntimePoolingAsync(gate));

    [Benchmark(Description = "Edge PooledValueTaskBuilder")]
    public long EdgePooled() => Run(static gate => EdgePooledAsync(gate));

    [Benchmark(Description = "default AsyncValueTaskMethodBuilder")]
    public long Default() => Run(static gate => DefaultAsync(gate));

    private long Run(Func<Gate, ValueTask<int>> method)
    {
        var gates = _gates;
        var tasks = _tasks;
        for (var i = 0; i < gates.Length; i++)
        {
            tasks[i] = method(gates[i]);
        }

        for (var i = 0; i < gates.Length; i++)
        {
            gates[i].Open(i);
        }

        long sum = 0;
        for (var i = 0; i < gates.Length; i++)
        {
            sum += tasks[i].Result;
        }

        return sum;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> RuntimePoolingAsync(Gate gate) => await new ValueTask<int>(gate, gate.Version).ConfigureAwait(false) + 1;

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> EdgePooledAsync(Gate gate) => await new ValueTask<int>(gate, gate.Version).ConfigureAwait(false) + 1;

    private static async ValueTask<int> DefaultAsync(Gate gate) => await new ValueTask<int>(gate, gate.Version).ConfigureAwait(false) + 1;

    /// <summary>A reusable awaitable the benchmark completes itself; its continuation runs inline.</summary>
    private sealed class Gate : IValueTaskSource<int>
    {
        private ManualResetValueTaskSourceCore<int> _core;

        public short Version => _core.Version;

        public void Open(int value) => _core.SetResult(value);

        public int GetResult(short token)
        {
            var result = _core.GetResult(token);
            _core.Reset();
            return result;
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
            => _core.OnCompleted(continuation, state, token, flags);
    }
}
