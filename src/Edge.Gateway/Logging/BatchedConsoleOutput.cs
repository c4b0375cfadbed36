// BatchedConsoleOutput: the writing half of Edge's console logger. Formatted lines are appended to a buffer under a
// lock and written by one background thread, many lines per write() call. The stock console logger wakes its thread
// and makes a write() per line: with one line per session and per message, that was ~10% of Edge's CPU per TLS
// session in loadtest/compare (c)/(d) (log level Warning: 1,260 -> 1,110 us, 16.8 -> 13.5 KB allocated per session).
// Warnings and below wait up to BatchDelay so a burst goes out in one write (a client storm can make a warning per
// session, e.g. STARTTLS downgrades); errors and above, and disposal, cut the wait short. Bounded like the stock logger: MaxQueueLength lines, then wait or drop (QueueFullMode).
// A batch is encoded to UTF-8 through one 64 KiB buffer (one write() per 64 KiB), not copied into arrays the size of
// the batch: a burst bigger than any before (100 sessions at once) no longer rents ~1 MB of arrays.
using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging.Console;

namespace Edge.Gateway.Logging;

/// <summary>Buffered, batched writer of formatted log lines to stdout and stderr.</summary>
internal sealed class BatchedConsoleOutput : IDisposable
{
    /// <summary>Longest time a line below Error waits for company before it is written.</summary>
    internal static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMilliseconds(1500);
    private const int WriteChunk = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly object _gate = new();
    private readonly Stream _out;
    private readonly Stream _error;
    private readonly Thread _thread;
    private StringBuilder _pendingOut = new();
    private StringBuilder _pendingError = new();
    private StringBuilder _writingOut = new();
    private StringBuilder _writingError = new();
    private readonly Encoder _encoder = Utf8.GetEncoder();
    private byte[]? _encoded;
    private int _queued;
    private long _dropped;
    private bool _signalled;
    private bool _urgent;
    private bool _stopping;
    private bool _stopped;

    public BatchedConsoleOutput(Stream output, Stream error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        _out = output;
        _error = error;
        _thread = new Thread(Run) { IsBackground = true, Name = "Edge console log writer" };
        _thread.Start();
    }

    /// <summary>Lines buffered before <see cref="FullMode"/> applies (ConsoleLoggerOptions.MaxQueueLength).</summary>
    public int MaxQueuedMessages { get; set; } = 2500;

    /// <summary>What a full buffer does to the logging thread (ConsoleLoggerOptions.QueueFullMode).</summary>
    public ConsoleLoggerQueueFullMode FullMode { get; set; } = ConsoleLoggerQueueFullMode.Wait;

    /// <summary>Lines dropped because the buffer was full (DropWrite mode), since start.</summary>
    public long DroppedCount { get; private set; }

    /// <summary>Copies a formatted entry (one or more lines) into the buffer; the caller may reuse <paramref name="entry"/>.</summary>
    public void Enqueue(StringBuilder entry, bool toError, bool urgent)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (_stopped)
            {
                // Logged after disposal (late shutdown messages): write through, as the stock logger does.
                WriteNow(entry, toError);
                return;
            }

            while (_queued >= MaxQueuedMessages && !_stopping)
            {
                if (FullMode == ConsoleLoggerQueueFullMode.DropWrite)
                {
                    _dropped++;
                    DroppedCount++;
                    return;
                }

                Monitor.Wait(_gate);
            }

            Append(toError ? _pendingError : _pendingOut, entry);
            _queued++;
            _urgent |= urgent;

            // One wake-up per batch: later lines of the same batch find the writer already signalled.
            if (!_signalled || urgent)
            {
                _signalled = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Writes what is buffered and stops the writer thread.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join(JoinTimeout);
        lock (_gate)
        {
            _stopped = true;
        }
    }

    private void Run()
    {
        while (true)
        {
            long dropped;
            lock (_gate)
            {
                while (_queued == 0 && _dropped == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queued == 0 && _dropped == 0)
                {
                    return; // stopping, nothing left
                }

                if (!_urgent && !_stopping)
                {
                    // Let the burst collect; an error (or disposal) pulses and ends the wait early.
                    Monitor.Wait(_gate, BatchDelay);
                }

                (_pendingOut, _writingOut) = (_writingOut, _pendingOut);
                (_pendingError, _writingError) = (_writingError, _pendingError);
                dropped = _dropped;
                _dropped = 0;
                _queued = 0;
                _signalled = false;
                _urgent = false;

                // Producers waiting for room (QueueFullMode.Wait) can go on.
                Monitor.PulseAll(_gate);
            }

            if (dropped > 0)
            {
                // A plain line on stderr (not in the formatter's shape: it is not a log event), as the stock logger does.
                _writingError.Append(dropped).Append(" log message(s) dropped: the console log buffer was full (Logging:Console:MaxQueueLength, QueueFullMode=DropWrite).")
                    .Append(Environment.NewLine);
            }

            var bytes = _encoded ??= new byte[WriteChunk];
            Write(_out, _writingOut, _encoder, bytes);
            Write(_error, _writingError, _encoder, bytes);
        }
    }

    // A buffer stays one chunk, grown by doubling: Clear then keeps its array (clearing a StringBuilder of several
    // chunks allocates one array for all of them), and a burst bigger than any before costs a few doublings, once.
    private static void Append(StringBuilder buffer, StringBuilder entry)
    {
        var needed = buffer.Length + entry.Length;
        if (needed > buffer.Capacity)
        {
            buffer.Capacity = Math.Max(needed, buffer.Capacity * 2);
        }

        buffer.Append(entry);
    }

    private void WriteNow(StringBuilder entry, bool toError)
    {
        // After disposal (rare): its own encoder and buffer, whatever a writer thread that outlived Join still holds.
        var target = toError ? _writingError : _writingOut;
        Append(target, entry);
        Write(toError ? _error : _out, target, Utf8.GetEncoder(), new byte[Utf8.GetMaxByteCount(Math.Min(target.Length, WriteChunk / 4))]);
    }

    // One write() per WriteChunk bytes of the batch (the console's own writer flushes every 256 characters), encoded
    // through one fixed buffer (the writer thread's): no array per batch, however large the batch.
    private static void Write(Stream stream, StringBuilder text, Encoder encoder, byte[] bytes)
    {
        if (text.Length == 0)
        {
            return;
        }

        encoder.Reset();
        try
        {
            foreach (var chunk in text.GetChunks())
            {
                var chars = chunk.Span;
                while (!chars.IsEmpty)
                {
                    encoder.Convert(chars, bytes, flush: false, out var used, out var count, out _);
                    if (count > 0)
                    {
                        stream.Write(bytes, 0, count);
                    }

                    chars = chars[used..];
                }
            }

            encoder.Convert(ReadOnlySpan<char>.Empty, bytes, flush: true, out _, out var rest, out _);
            if (rest > 0)
            {
                stream.Write(bytes, 0, rest);
            }

            stream.Flush();
        }
        catch (IOException)
        {
            // stdout closed or full disk: logging must never take the gateway down; the lines are lost.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            text.Clear();
        }
    }
}
