// DiscardingLoggerProvider: replaces the console logger in the benchmarks. Enabled events are formatted (what any
// real provider pays at least) and thrown away, so log cost is measured without console I/O in the results.
using Microsoft.Extensions.Logging;

namespace Edge.Benchmarks.Gateway;

/// <summary>Formats and discards events at or above a fixed level.</summary>
internal sealed class DiscardingLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    private long _formatted;

    /// <summary>Characters formatted so far (keeps the formatting observable).</summary>
    public long Formatted => Interlocked.Read(ref _formatted);

    public ILogger CreateLogger(string categoryName) => new Logger(this, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(DiscardingLoggerProvider owner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Interlocked.Add(ref owner._formatted, formatter(state, exception).Length);
            }
        }
    }
}
