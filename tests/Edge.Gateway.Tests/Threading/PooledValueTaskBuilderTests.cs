using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Edge.Gateway.Threading;

// These tests keep ValueTasks of calls that already completed and read them directly, and read one twice: that is
// what they examine (box release and reuse), so the analyzers' advice against it does not apply here.
#pragma warning disable CA2012, xUnit1031

namespace Edge.Gateway.Tests.Threading;

/// <summary>
/// The pooled async method builder: results, exceptions, cancellation and execution context behave as with the
/// runtime's builders, a call's box is reused once its result was read, and many calls waiting at once allocate
/// nothing in steady state (the runtime's per-core cache does not cover that case; the contrast is asserted too).
/// </summary>
public sealed class PooledValueTaskBuilderTests
{
    private static readonly AsyncLocal<string?> Flowing = new();

    [Fact]
    public async Task CompletesSynchronously_WithoutWaiting()
    {
        var task = AddAsync(null, 2);
        Assert.True(task.IsCompletedSuccessfully);
        Assert.Equal(3, await task);
    }

    [Fact]
    public async Task CompletesAfterWaiting_OnAnotherThread()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = AddAsync(source.Task, 10);
        Assert.False(task.IsCompleted);
        _ = Task.Run(() => source.SetResult(5));
        Assert.Equal(16, await task);
    }

    [Fact]
    public async Task ThrowsSynchronously_TheSameException()
    {
        var thrown = await Assert.ThrowsAsync<FormatException>(async () => await ThrowAsync(null));
        Assert.Equal("boom", thrown.Message);
    }

    [Fact]
    public async Task ThrowsAfterWaiting_TheSameException()
    {
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = ThrowAsync(source.Task);
        source.SetResult(1);
        var thrown = await Assert.ThrowsAsync<FormatException>(async () => await task);
        Assert.Equal("boom", thrown.Message);
    }

    [Fact]
    public async Task CancelledAfterWaiting_IsCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = CancellableAsync(source.Task, cancellation.Token);
        await cancellation.CancelAsync();
        source.SetResult(1);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await WaitUntilCompleted(task));
    }

    [Fact]
    public async Task ExecutionContext_FlowsIn_AndChangesInsideStayInside()
    {
        Flowing.Value = "caller";
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = ReadFlowingAsync(source.Task);
        Assert.Equal("caller", Flowing.Value); // the method's change before its first wait was undone for the caller
        _ = Task.Run(() =>
        {
            Flowing.Value = "completer";
            source.SetResult(1);
        });
        Assert.Equal("caller|inner", await task);
        Assert.Equal("caller", Flowing.Value);
    }

    [Fact]
    public async Task VoidMethod_CompletesAndThrows()
    {
        var counter = new StrongBox<int>();
        await IncrementAsync(counter, null);
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = IncrementAsync(counter, source.Task);
        Assert.False(waiting.IsCompleted);
        source.SetResult(0);
        await waiting;
        Assert.Equal(2, counter.Value);

        var failing = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var faulted = IncrementAsync(counter, failing.Task);
        failing.SetException(new IOException("lost"));
        await Assert.ThrowsAsync<IOException>(async () => await faulted);
    }

    [Fact]
    public Task ReadingTwice_Throws_InsteadOfReleasingTheBoxAgain() => OnPlainThread(() =>
    {
        var gate = new Gate();
        var task = WaitGateAsync(gate);
        gate.Open(7);
        Assert.Equal(7, task.Result);
        Assert.Throws<InvalidOperationException>(() => task.Result);

        // The box released once is reused, intact, by the next call.
        var next = WaitGateAsync(gate);
        gate.Open(8);
        Assert.Equal(8, next.Result);
    });

    [Fact]
    public Task ManyCallsWaitingAtOnce_AllocateNothingOnceWarm() => OnPlainThread(() =>
    {
        // 200 calls of one method waiting at the same time, completed and read, 50 times over, all on this thread so
        // the count is exact. The runtime's pooling builder keeps one box per thread and per core, so it allocates
        // about 200 boxes a round here; the contrast below shows the scenario really exercises that.
        const int inFlight = 200;
        const int rounds = 50;
        var gates = Enumerable.Range(0, inFlight).Select(_ => new Gate()).ToArray();
        var pooled = new ValueTask<int>[inFlight];
        var runtime = new ValueTask<int>[inFlight];

        RunRounds(gates, pooled, 2, WaitGateAsync); // warm-up: fills the pool, JITs everything
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = RunRounds(gates, pooled, rounds, WaitGateAsync);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(rounds * (long)inFlight * (inFlight - 1) / 2, sum);

        RunRounds(gates, runtime, 2, WaitGateRuntimePoolingAsync);
        before = GC.GetAllocatedBytesForCurrentThread();
        RunRounds(gates, runtime, rounds, WaitGateRuntimePoolingAsync);
        var runtimeAllocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 4 * 1024, $"pooled builder allocated {allocated} B over {rounds * inFlight} waits");
        Assert.True(runtimeAllocated > rounds * inFlight * 32L, $"runtime pooling builder allocated only {runtimeAllocated} B; the scenario no longer shows the difference");
    });

    [Fact]
    public async Task ManyConcurrentWaitersAcrossThreads_AllGetTheirOwnResults()
    {
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            long total = 0;
            for (var i = 0; i < 2_000; i++)
            {
                total += await YieldThenReturnAsync(w * 10_000 + i);
            }

            return total;
        })).ToArray();
        var totals = await Task.WhenAll(workers);
        for (var w = 0; w < workers.Length; w++)
        {
            var first = w * 10_000L;
            Assert.Equal(2_000 * first + 2_000L * 1_999 / 2, totals[w]);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a thread of its own with no synchronization context, so a gate's continuation
    /// runs inline when the gate opens (xunit's context would post it elsewhere).
    /// </summary>
    private static Task OnPlainThread(Action body)
        => Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static long RunRounds(Gate[] gates, ValueTask<int>[] tasks, int rounds, Func<Gate, ValueTask<int>> method)
    {
        long sum = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < gates.Length; i++)
            {
                tasks[i] = method(gates[i]);
            }

            for (var i = 0; i < gates.Length; i++)
            {
                gates[i].Open(i);
            }

            for (var i = 0; i < gates.Length; i++)
            {
                sum += tasks[i].Result;
            }
        }

        return sum;
    }

    private static async Task<int> WaitUntilCompleted(ValueTask<int> task) => await task;

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> AddAsync(Task<int>? wait, int value)
    {
        var waited = wait is null ? 0 : await wait;
        return waited + value + 1;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> ThrowAsync(Task<int>? wait)
    {
        if (wait is not null)
        {
            await wait;
        }

        throw new FormatException("boom");
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> CancellableAsync(Task<int> wait, CancellationToken cancellationToken)
    {
        var value = await wait;
        cancellationToken.ThrowIfCancellationRequested();
        return value;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<string> ReadFlowingAsync(Task<int> wait)
    {
        var before = Flowing.Value;
        Flowing.Value = "inner";
        await wait;
        return before + "|" + Flowing.Value;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private static async ValueTask IncrementAsync(StrongBox<int> counter, Task<int>? wait)
    {
        if (wait is not null)
        {
            await wait;
        }

        counter.Value++;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> WaitGateAsync(Gate gate) => await new ValueTask<int>(gate, gate.Version);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> WaitGateRuntimePoolingAsync(Gate gate) => await new ValueTask<int>(gate, gate.Version);

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<int> YieldThenReturnAsync(int value)
    {
        await Task.Yield();
        return value;
    }

    /// <summary>A reusable awaitable completed by the test, on the test's thread.</summary>
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
