// InPlaceMessage: writes a log entry whose state can format its own message (ISpanMessageFormatter) without making the
// message string. The console formatter still writes everything around the message (level, timestamp, category, event
// id, scopes, padding, colours, per its options) for a placeholder message; the placeholder, which such a formatter
// writes last before its newline, is then replaced by the state's characters. Anything unexpected (the placeholder not
// where it should be, a message that does not fit or holds a line break the formatter would have rewritten) returns
// false with the buffer cleared, and the caller formats the entry the ordinary way.
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Edge.Gateway.Logging;

/// <summary>In-place formatting of a span-formattable log message.</summary>
internal static class InPlaceMessage
{
    /// <summary>Longest message formatted in place (on the stack); longer ones take the ordinary path.</summary>
    internal const int MaxLength = 1024;

    // Private-use characters: no Edge message, category or formatter writes them, and no formatter rewrites them.
    private const string Placeholder = "\uE000\uE001edge-message\uE001\uE000";

    /// <summary>Writes <paramref name="entry"/> into <paramref name="writer"/> (empty before); false leaves it empty.</summary>
    public static bool TryWrite<TState>(
        ConsoleFormatter formatter, in LogEntry<TState> entry, ISpanMessageFormatter<TState> message, IExternalScopeProvider? scopes, StringWriter writer)
    {
        var text = writer.GetStringBuilder();
        Span<char> chars = stackalloc char[MaxLength];
        var state = entry.State;
        if (!message.TryFormat(in state, chars, out var length) || length == 0 || chars[..length].ContainsAny('\r', '\n'))
        {
            return false;
        }

        var placeholder = new LogEntry<TState>(entry.LogLevel, entry.Category, entry.EventId, state, null, Placeholders<TState>.Formatter);
        formatter.Write(in placeholder, scopes, writer);
        var newLine = Environment.NewLine;
        var at = text.Length - newLine.Length - Placeholder.Length;
        if (at < 0 || !Holds(text, at, Placeholder) || !Holds(text, at + Placeholder.Length, newLine))
        {
            text.Clear();
            return false;
        }

        text.Length = at;
        text.Append(chars[..length]).Append(newLine);
        return true;
    }

    private static bool Holds(StringBuilder text, int at, string expected)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (text[at + i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    private static class Placeholders<TState>
    {
        public static readonly Func<TState, Exception?, string> Formatter = static (_, _) => Placeholder;
    }
}
