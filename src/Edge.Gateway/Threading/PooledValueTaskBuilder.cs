using System.Runtime.CompilerServices;

namespace Edge.Gateway.Threading;

/// <summary>
/// Async method builder for <c>async ValueTask&lt;TResult&gt;</c> methods on the hot path
/// (<c>[AsyncMethodBuilder(typeof(PooledValueTaskBuilder&lt;&gt;))]</c>): a call that finishes without waiting costs
/// nothing; a call that waits takes a <see cref="PooledValueTaskBox{TResult, TStateMachine}"/> from its method's
/// shared pool and gives it back when the caller reads the result.
/// </summary>
/// <remarks>
/// Same contract as the runtime's pooling builder: the returned <see cref="ValueTask{TResult}"/> may be awaited (or
/// read) once. Continuations run inline on the thread that completes the awaited operation, as they do with the
/// runtime's builders, and the execution context (AsyncLocal values) flows across every wait.
/// </remarks>
internal struct PooledValueTaskBuilder<TResult>
{
    private PooledValueTaskBox<TResult>? _box;
    private Exception? _exception;
    private TResult _result;

    public static PooledValueTaskBuilder<TResult> Create() => default;

    /// <summary>The box, once the method has waited; the void builder's task reads it.</summary>
    internal readonly PooledValueTaskBox<TResult>? Box => _box;

    /// <summary>The exception of a method that failed before it ever waited.</summary>
    internal readonly Exception? Exception => _exception;

    public readonly ValueTask<TResult> Task
        => _box is { } box ? new ValueTask<TResult>(box, box.Version)
            : _exception is { } exception ? ValueTask.FromException<TResult>(exception)
            : new ValueTask<TResult>(_result);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The compiler calls builder members on the instance.")]
    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
        // The runtime's Start runs the synchronous part and undoes any change it made to the thread's execution
        // and synchronization context; it does not depend on the builder it is called on.
        => AsyncValueTaskMethodBuilder.Create().Start(ref stateMachine);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The compiler calls builder members on the instance.")]
    public readonly void SetStateMachine(IAsyncStateMachine stateMachine)
    {
        // Unused: the box is made by the builder itself at the first wait.
    }

    public void SetResult(TResult result)
    {
        if (_box is { } box)
        {
            box.SetResult(result);
        }
        else
        {
            _result = result;
        }
    }

    public void SetException(Exception exception)
    {
        if (_box is { } box)
        {
            box.SetException(exception);
        }
        else
        {
            _exception = exception;
        }
    }

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => awaiter.OnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => awaiter.UnsafeOnCompleted(BoxFor(ref stateMachine).MoveNextAction);

    private PooledValueTaskBox<TResult, TStateMachine> BoxFor<TStateMachine>(ref TStateMachine stateMachine)
        where TStateMachine : IAsyncStateMachine
    {
        ExecutionContext? context = ExecutionContext.Capture();
        if (_box is PooledValueTaskBox<TResult, TStateMachine> current)
        {
            current.Context = context;
            return current;
        }

        // First wait: this builder is still inside the caller's copy of the state machine. The box is recorded here
        // before the state machine is copied into it, so both copies (the caller's, which Task reads, and the
        // box's, which runs from now on) know the box.
        PooledValueTaskBox<TResult, TStateMachine> box = PooledValueTaskBox<TResult, TStateMachine>.Rent();
        _box = box;
        box.StateMachine = stateMachine;
        box.Context = context;
        return box;
    }
}

/// <summary>
/// Async method builder for <c>async ValueTask</c> methods on the hot path
/// (<c>[AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]</c>); see <see cref="PooledValueTaskBuilder{TResult}"/>.
/// </summary>
internal struct PooledValueTaskBuilder
{
    private PooledValueTaskBuilder<VoidResult> _inner;

    public static PooledValueTaskBuilder Create() => default;

    public readonly ValueTask Task
        => _inner.Box is { } box ? new ValueTask(box, box.Version)
            : _inner.Exception is { } exception ? ValueTask.FromException(exception)
            : ValueTask.CompletedTask;

    public readonly void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine
        => _inner.Start(ref stateMachine);

    public readonly void SetStateMachine(IAsyncStateMachine stateMachine) => _inner.SetStateMachine(stateMachine);

    public void SetResult() => _inner.SetResult(default);

    public void SetException(Exception exception) => _inner.SetException(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => _inner.AwaitOnCompleted(ref awaiter, ref stateMachine);

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion
        where TStateMachine : IAsyncStateMachine
        => _inner.AwaitUnsafeOnCompleted(ref awaiter, ref stateMachine);
}

/// <summary>The result type of a pooled <c>async ValueTask</c> method: nothing.</summary>
internal readonly struct VoidResult;
