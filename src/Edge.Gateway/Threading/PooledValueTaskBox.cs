using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Microsoft.Extensions.ObjectPool;

namespace Edge.Gateway.Threading;

/// <summary>
/// The object an async method built by <see cref="PooledValueTaskBuilder{TResult}"/> lives in once it first waits:
/// its state machine, the execution context to resume it in, and the completion its caller's
/// <see cref="ValueTask{TResult}"/> reads. It goes back to its pool when the caller reads the result, so the next
/// call of the same method on any thread takes it instead of allocating.
/// </summary>
/// <remarks>
/// The runtime's <c>PoolingAsyncValueTaskMethodBuilder</c> keeps one box per thread and one per core. With a hundred
/// sessions waiting in the same relay method at once on two cores, nearly every wait missed that cache and allocated
/// (~1.8 KB per relayed message, loadtest/RESULTS.md); here every type of state machine has a shared pool as deep as
/// the number of its waits in flight, up to <see cref="MaxRetainedPerMethod"/>.
/// </remarks>
internal abstract class PooledValueTaskBox<TResult> : IValueTaskSource<TResult>, IValueTaskSource
{
    /// <summary>Boxes kept per async method when idle; more than this in flight at once are allocated and dropped.</summary>
    internal const int MaxRetainedPerMethod = 1024;

    private ManualResetValueTaskSourceCore<TResult> _completion;

    /// <summary>The token the caller's <see cref="ValueTask{TResult}"/> carries; changes each time the box is reused.</summary>
    public short Version => _completion.Version;

    public void SetResult(TResult result) => _completion.SetResult(result);

    public void SetException(Exception exception) => _completion.SetException(exception);

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _completion.OnCompleted(continuation, state, token, flags);

    public TResult GetResult(short token)
    {
        // A stale or second read must not hand the box back twice: the token is checked before anything is released.
        if (token != _completion.Version)
        {
            throw new InvalidOperationException("The ValueTask of a pooled async method was read more than once or after its box was reused.");
        }

        try
        {
            return _completion.GetResult(token);
        }
        finally
        {
            _completion.Reset();
            Release();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    /// <summary>Clears what the finished call held and gives the box back to its pool.</summary>
    protected abstract void Release();
}

/// <summary>The box for one async method (one state-machine type), with that method's pool.</summary>
internal sealed class PooledValueTaskBox<TResult, TStateMachine> : PooledValueTaskBox<TResult>
    where TStateMachine : IAsyncStateMachine
{
    private static readonly ObjectPool<PooledValueTaskBox<TResult, TStateMachine>> Pool =
        new DefaultObjectPool<PooledValueTaskBox<TResult, TStateMachine>>(
            new DefaultPooledObjectPolicy<PooledValueTaskBox<TResult, TStateMachine>>(), MaxRetainedPerMethod);

    private static readonly ContextCallback MoveNextInContext =
        static box => ((PooledValueTaskBox<TResult, TStateMachine>)box!).StateMachine.MoveNext();

    /// <summary>The async method's state, copied here at its first wait.</summary>
    public TStateMachine StateMachine = default!;

    /// <summary>The execution context captured at the current wait (null when flow is suppressed).</summary>
    public ExecutionContext? Context;

    public PooledValueTaskBox() => MoveNextAction = MoveNext;

    /// <summary>The continuation given to awaiters: one delegate per box, made once, reused with the box.</summary>
    public Action MoveNextAction { get; }

    public static PooledValueTaskBox<TResult, TStateMachine> Rent() => Pool.Get();

    private void MoveNext()
    {
        // Nothing of this box may be touched after the state machine returns: when it completes, its caller may
        // already have read the result and the box may already be running someone else's call.
        ExecutionContext? context = Context;
        if (context is null)
        {
            StateMachine.MoveNext();
        }
        else
        {
            ExecutionContext.Run(context, MoveNextInContext, this);
        }
    }

    protected override void Release()
    {
        StateMachine = default!;
        Context = null;
        Pool.Return(this);
    }
}
