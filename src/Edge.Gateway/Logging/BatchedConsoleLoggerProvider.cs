// BatchedConsoleLoggerProvider: Edge's console logger. It formats exactly as the stock console logger does (the same
// ConsoleFormatter instances: simple, json, systemd, chosen by Logging:Console:FormatterName) and honours the same
// options (LogToStandardErrorThreshold, MaxQueueLength, QueueFullMode, filters under Logging:Console through the
// "Console" alias), but hands the text to BatchedConsoleOutput, which writes many lines per system call. With the
// simple or systemd formatter, a state whose formatter is an ISpanMessageFormatter (Edge's per-message line) gets its
// message written in place: no message string per line (InPlaceMessage).
using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Logging;

/// <summary>Console logger provider with batched output.</summary>
[ProviderAlias("Console")]
internal sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, BatchedConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConsoleFormatter> _formatters;
    private readonly IDisposable? _optionsReload;
    private readonly BatchedConsoleOutput _output;

    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, new BatchedConsoleOutput(Console.OpenStandardOutput(), Console.OpenStandardError()))
    {
    }

    internal BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, BatchedConsoleOutput output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(formatters);
        _formatters = new Dictionary<string, ConsoleFormatter>(StringComparer.OrdinalIgnoreCase);
        foreach (var formatter in formatters)
        {
            _formatters.TryAdd(formatter.Name, formatter);
        }

        if (!_formatters.ContainsKey(ConsoleFormatterNames.Simple))
        {
            throw new InvalidOperationException("The simple console formatter is not registered (AddConsole was not called).");
        }

        _output = output;
        Apply(options.CurrentValue);
        _optionsReload = options.OnChange(Apply);
    }

    internal ConsoleFormatter Formatter { get; private set; } = null!;

    /// <summary>The formatter writes the message text as given, then a newline (simple, systemd): see InPlaceMessage.</summary>
    internal bool MessageInPlace { get; private set; }

    internal LogLevel ErrorThreshold { get; private set; }

    internal IExternalScopeProvider? ScopeProvider { get; private set; }

    internal BatchedConsoleOutput Output => _output;

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, provider) => new BatchedConsoleLogger(name, provider), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    public void Dispose()
    {
        _optionsReload?.Dispose();
        _output.Dispose();
    }

    private void Apply(ConsoleLoggerOptions options)
    {
        // Unknown names fall back to "simple", as in the stock provider.
        Formatter = options.FormatterName is { } name && _formatters.TryGetValue(name, out var chosen) ? chosen : _formatters[ConsoleFormatterNames.Simple];
        MessageInPlace = Formatter.Name is ConsoleFormatterNames.Simple or ConsoleFormatterNames.Systemd;
        ErrorThreshold = options.LogToStandardErrorThreshold;
        _output.MaxQueuedMessages = options.MaxQueueLength;
        _output.FullMode = options.QueueFullMode;
    }

    /// <summary>One category's logger; formats on the caller's thread into a per-thread buffer.</summary>
    private sealed class BatchedConsoleLogger(string name, BatchedConsoleLoggerProvider provider) : ILogger
    {
        [ThreadStatic]
        private static StringWriter? t_writer;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.ScopeProvider?.Push(state) ?? NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var writer = t_writer ??= new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            var entry = new LogEntry<TState>(logLevel, name, eventId, state, exception, formatter);
            StringBuilder text = writer.GetStringBuilder();
            try
            {
                if (exception is not null || !provider.MessageInPlace || formatter.Target is not ISpanMessageFormatter<TState> direct
                    || !InPlaceMessage.TryWrite(provider.Formatter, in entry, direct, provider.ScopeProvider, writer))
                {
                    provider.Formatter.Write(in entry, provider.ScopeProvider, writer);
                }

                if (text.Length > 0)
                {
                    provider.Output.Enqueue(text, toError: logLevel >= provider.ErrorThreshold, urgent: logLevel >= LogLevel.Error);
                }
            }
            finally
            {
                text.Clear();
                if (text.Capacity > 1024)
                {
                    text.Capacity = 1024;
                }
            }
        }
    }
}
