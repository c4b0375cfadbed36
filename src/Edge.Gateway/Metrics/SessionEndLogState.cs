// SessionEndLogState: the state of the session's summary line (event 3010), written by hand like MessageLogState so
// Edge's console logger writes it without strings (the client's endpoint and the message formatted into its buffer);
// other providers and formatters get the text and named values the source-generated state gave them.
using System.Collections;

namespace Edge.Gateway.Metrics;

/// <summary>Event 3010: one session ended.</summary>
internal readonly struct SessionEndLogState : IReadOnlyList<KeyValuePair<string, object?>>, ILogText
{
    /// <summary>The message template (the <c>{OriginalFormat}</c> value).</summary>
    public const string Template =
        "Session {ConnectionId} on {Listener} from {Client} ended: tls {TlsProtocol} {TlsCipher}, downgrade {Downgrade}, {Messages} messages ({Accepted} accepted), {Bytes} bytes, {DurationMs} ms";

    /// <summary>The formatter delegate to log this state with.</summary>
    public static readonly Func<SessionEndLogState, Exception?, string> Formatter = LogTextFormatter<SessionEndLogState>.Formatter;

    private readonly string _connectionId;
    private readonly string _listener;
    private readonly EndPoint? _client;
    private readonly string _tlsProtocol;
    private readonly string _tlsCipher;
    private readonly string _downgrade;
    private readonly int _messages;
    private readonly int _accepted;
    private readonly long _bytes;
    private readonly long _durationMs;

    public SessionEndLogState(
        string connectionId, string listener, EndPoint? client, string tlsProtocol, string tlsCipher, string downgrade, int messages, int accepted, long bytes, long durationMs)
    {
        _connectionId = connectionId;
        _listener = listener;
        _client = client;
        _tlsProtocol = tlsProtocol;
        _tlsCipher = tlsCipher;
        _downgrade = downgrade;
        _messages = messages;
        _accepted = accepted;
        _bytes = bytes;
        _durationMs = durationMs;
    }

    public int Count => 11;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ConnectionId", _connectionId),
        1 => new("Listener", _listener),
        2 => new("Client", _client),
        3 => new("TlsProtocol", _tlsProtocol),
        4 => new("TlsCipher", _tlsCipher),
        5 => new("Downgrade", _downgrade),
        6 => new("Messages", _messages),
        7 => new("Accepted", _accepted),
        8 => new("Bytes", _bytes),
        9 => new("DurationMs", _durationMs),
        10 => new("{OriginalFormat}", Template),
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
        text.Append("Session ");
        text.Append(_connectionId);
        text.Append(" on ");
        text.Append(_listener);
        text.Append(" from ");
        text.Append(_client);
        text.Append(" ended: tls ");
        text.Append(_tlsProtocol);
        text.Append(' ');
        text.Append(_tlsCipher);
        text.Append(", downgrade ");
        text.Append(_downgrade);
        text.Append(", ");
        text.Append(_messages);
        text.Append(" messages (");
        text.Append(_accepted);
        text.Append(" accepted), ");
        text.Append(_bytes);
        text.Append(" bytes, ");
        text.Append(_durationMs);
        text.Append(" ms");
        return text.TryComplete(out charsWritten);
    }
}
