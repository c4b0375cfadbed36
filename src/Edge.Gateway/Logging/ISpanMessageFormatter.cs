// ISpanMessageFormatter: how a hand-written log state offers its message as characters instead of a string. A state's
// formatter delegate (the Func passed to ILogger.Log) bound to an ISpanMessageFormatter lets BatchedConsoleLogger write
// the message straight into its buffer; every other provider, and every other formatter, calls the delegate as usual.
namespace Edge.Gateway.Logging;

/// <summary>Formats a log state's message (the text its formatter delegate returns) into a span.</summary>
/// <typeparam name="TState">The log state.</typeparam>
internal interface ISpanMessageFormatter<TState>
{
    /// <summary>The message as a string: the method the state's formatter delegate is bound to.</summary>
    string Format(TState state, Exception? exception);

    /// <summary>Writes the same text the formatter delegate returns; false when it does not fit.</summary>
    bool TryFormat(in TState state, Span<char> destination, out int charsWritten);
}
