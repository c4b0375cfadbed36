// MessageLogState: the state of the per-message log line (event 3011), written by hand instead of by the logging source
// generator so the line costs no strings in Edge's console logger: the message id, the client's endpoint and the
// backend's reply are formatted straight into the logger's buffer (ISpanMessageFormatter). Other providers and
// formatters see what the generated state gave them: the same text, the same named values.
// The reply bytes are borrowed from the sink (valid until its next call): a provider must format or copy the state
// during its Log call, as the Microsoft.Extensions.Logging providers do.
using System.Collections;
using System.Globalization;
using Edge.Gateway.Transactions;

namespace Edge.Gateway.Metrics;

/// <summary>Event 3011: one relayed or refused message.</summary>
internal readonly struct MessageLogState : IReadOnlyList<KeyValuePair<string, object?>>, ILogText
{
    /// <summary>The message template (the <c>{OriginalFormat}</c> value).</summary>
    public const string Template = "Message {MessageId} on {Listener} from {Client}: {Result}, {Size} bytes, {Recipients} recipients, reply \"{Reply}\"";

    /// <summary>The formatter delegate to log this state with; bound to an <see cref="ISpanMessageFormatter{TState}"/>.</summary>
    public static readonly Func<MessageLogState, Exception?, string> Formatter = LogTextFormatter<MessageLogState>.Formatter;

    private readonly string _connectionId;
    private readonly int _transaction;
    private readonly string _listener;
    private readonly IPEndPoint? _client;
    private readonly string _result;
    private readonly long _size;
    private readonly int _recipients;
    private readonly SinkReply _reply;

    public MessageLogState(string connectionId, int transaction, string listener, IPEndPoint? client, string result, long size, int recipients, SinkReply reply)
    {
        _connectionId = connectionId;
        _transaction = transaction;
        _listener = listener;
        _client = client;
        _result = result;
        _size = size;
        _recipients = recipients;
        _reply = reply;
    }

    public int Count => 8;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("MessageId", string.Create(CultureInfo.InvariantCulture, $"{_connectionId}.{_transaction}")),
        1 => new("Listener", _listener),
        2 => new("Client", _client),
        3 => new("Result", _result),
        4 => new("Size", _size),
        5 => new("Recipients", _recipients),
        6 => new("Reply", SessionLog.ReplyText(_reply.Span)),
        7 => new("{OriginalFormat}", Template),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The message text, as the template with the values.</summary>
    public override string ToString() => LogText.ToString(in this);

    /// <summary>Writes the message text; false when it does not fit.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        var text = new LogTextWriter(destination);
        text.Append("Message ");
        text.Append(_connectionId);
        text.Append('.');
        text.Append(_transaction);
        text.Append(" on ");
        text.Append(_listener);
        text.Append(" from ");
        text.Append(_client);
        text.Append(": ");
        text.Append(_result);
        text.Append(", ");
        text.Append(_size);
        text.Append(" bytes, ");
        text.Append(_recipients);
        text.Append(" recipients, reply \"");
        AppendReply(ref text, _reply.Span);
        text.Append('"');
        return text.TryComplete(out charsWritten);
    }

    // As SessionLog.ReplyText: ASCII ('?' for other bytes), trailing CR/LF dropped, the lines joined by " / ".
    private static void AppendReply(ref LogTextWriter text, ReadOnlySpan<byte> reply)
    {
        var end = reply.Length;
        while (end > 0 && reply[end - 1] is (byte)'\r' or (byte)'\n')
        {
            end--;
        }

        for (var i = 0; i < end; i++)
        {
            if (reply[i] == '\r' && i + 1 < end && reply[i + 1] == '\n')
            {
                text.Append(" / ");
                i++;
            }
            else
            {
                text.Append(reply[i] < 0x80 ? (char)reply[i] : '?');
            }
        }
    }
}
