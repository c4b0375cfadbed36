// ReadDeadline: a one-shot deadline for a connection middleware's reads of the transport (PROXY header, greeting
// delay). On expiry it cancels the pending read (CancelPendingRead: no exception, the read returns IsCanceled).
// Stop and expiry race through one compare-and-swap, so the caller knows whether a cancellation was issued and
// never hands the pipe on with a stray cancellation pending for the next reader.
using System.IO.Pipelines;

namespace Edge.Gateway.Connections;

/// <summary>Cancels a pipe's pending read once, after a delay, unless stopped first.</summary>
internal sealed class ReadDeadline : IAsyncDisposable
{
    private const int Running = 0;
    private const int Stopped = 1;
    private const int Expired = 2;

    private readonly PipeReader _input;
    private readonly ITimer _timer;
    private int _state;

    public ReadDeadline(PipeReader input, TimeSpan delay, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _input = input;
        _timer = time.CreateTimer(static s => ((ReadDeadline)s!).OnExpired(), this, delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True once the deadline passed and the pending read was (or is being) cancelled.</summary>
    public bool HasExpired => Volatile.Read(ref _state) == Expired;

    /// <summary>Stops the deadline. False when it expired first: a read cancellation was issued and may still be pending.</summary>
    public bool TryStop() => Interlocked.CompareExchange(ref _state, Stopped, Running) != Expired;

    /// <summary>Disposes the timer, waiting for a callback that is running.</summary>
    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void OnExpired()
    {
        if (Interlocked.CompareExchange(ref _state, Expired, Running) == Running)
        {
            _input.CancelPendingRead();
        }
    }
}
