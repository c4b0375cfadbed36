// MessageTickets: hands out the messages of a run. Closed loop: a shared counter, a session takes the next ticket
// as soon as it is free. Open loop (--rate): a dispatcher releases tickets on a fixed schedule (message i is due at
// start + i/rate) into a queue the sessions take from; when every session is busy tickets wait in the queue, and the
// latency, measured from the scheduled time, shows that queueing (no coordinated omission). Stop ends both.
using System.Diagnostics;
using System.Threading.Channels;

namespace Edge.LoadTest.Client;

/// <summary>The source of message tickets for all sessions of a run.</summary>
internal sealed class MessageTickets
{
    private readonly long _max;
    private readonly double? _rate;
    private readonly CancellationToken _stop;
    private readonly Channel<MessageTicket>? _queue;
    private long _issued;
    private long _taken;

    public MessageTickets(long? maxMessages, double? rate, CancellationToken stop)
    {
        _max = maxMessages ?? long.MaxValue;
        _rate = rate;
        _stop = stop;
        if (rate is not null)
        {
            _queue = Channel.CreateUnbounded<MessageTicket>(new UnboundedChannelOptions { SingleWriter = true });
        }
    }

    /// <summary>Tickets taken by sessions.</summary>
    public long Taken => Volatile.Read(ref _taken);

    /// <summary>Open loop: tickets released by the schedule (taken or still queued).</summary>
    public long Released => _queue is null ? Taken : Volatile.Read(ref _issued);

    /// <summary>Takes the next ticket; false when the run is over (all messages issued, or stopped).</summary>
    public async ValueTask<(bool Ok, MessageTicket Ticket)> TakeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return (false, default);
        }

        if (_queue is null)
        {
            long sequence = Interlocked.Increment(ref _issued);
            if (sequence > _max)
            {
                return (false, default);
            }

            Interlocked.Increment(ref _taken);
            return (true, new MessageTicket(sequence, Stopwatch.GetTimestamp()));
        }

        try
        {
            var ticket = await _queue.Reader.ReadAsync(_stop);
            Interlocked.Increment(ref _taken);
            return (true, ticket);
        }
        catch (OperationCanceledException)
        {
            return (false, default);
        }
        catch (ChannelClosedException)
        {
            return (false, default);
        }
    }

    /// <summary>Open loop: releases tickets on schedule until the maximum is reached or the run stops.</summary>
    /// <remarks>Runs on a dedicated thread: a timer-based wait (Task.Delay) wakes 1-2 ms late here, which would show up as
    /// latency. The thread sleeps until about a millisecond before the next due time, then spins (yielding) to it: precise
    /// to ~0.1 ms for some CPU (about 10% of a core at 200 msg/s).</remarks>
    public Task RunScheduleAsync()
    {
        if (_queue is null || _rate is not double rate)
        {
            return Task.CompletedTask;
        }

        return Task.Factory.StartNew(() => RunSchedule(_queue, rate), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void RunSchedule(Channel<MessageTicket> queue, double rate)
    {
        long start = Stopwatch.GetTimestamp();
        double ticksPerMessage = Stopwatch.Frequency / rate;
        long released = 0;
        try
        {
            while (released < _max && !_stop.IsCancellationRequested)
            {
                long now = Stopwatch.GetTimestamp();
                // Every message whose time has come goes out now, each carrying its own scheduled time.
                while (released < _max)
                {
                    long due = start + (long)(released * ticksPerMessage);
                    if (due > now)
                    {
                        break;
                    }

                    released++;
                    Interlocked.Exchange(ref _issued, released);
                    queue.Writer.TryWrite(new MessageTicket(released, due));
                }

                if (released < _max)
                {
                    WaitUntil(start + (long)(released * ticksPerMessage));
                }
            }
        }
        finally
        {
            queue.Writer.TryComplete();
        }
    }

    private void WaitUntil(long due)
    {
        double remainingMs = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due).TotalMilliseconds;
        if (remainingMs >= 1.2)
        {
            // A 1 ms sleep takes about 1.05 ms here, so sleeping leaves at most ~1.2 ms to spin. Bounded so a stop is
            // noticed within 100 ms even at very low rates.
            Thread.Sleep((int)Math.Clamp(remainingMs - 1.1, 1, 100));
            return;
        }

        while (Stopwatch.GetTimestamp() < due && !_stop.IsCancellationRequested)
        {
            Thread.Yield();
        }
    }
}
