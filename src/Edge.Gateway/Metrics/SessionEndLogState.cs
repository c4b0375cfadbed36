// SessionEndLogState: the state of the session's summary line (event 3010), written by hand like MessageLogState so
// Edge's console logger writes it without strings (the client's endpoint and the message formatted into its buffer);
// other providers and formatters get the text and named values the source-generated state gave them.
using System.Collections;
using System.Globalization;

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
        charsWritten = 0;
        var invariant = CultureInfo.InvariantCulture;
        var length = 0;
        if (!destination.TryWrite(invariant, $"Session {_connectionId} on {_listener} from ", out var head)
            || !LogText.TryWriteEndPoint(_client, destination[(length += head)..], out var client)
            || !destination[(length += client)..].TryWrite(
                invariant, $" ended: tls {_tlsProtocol} {_tlsCipher}, downgrade {_downgrade}, {_messages} messages ({_accepted} accepted), ", out var middle)
            || !LogText.TryWrite(_bytes, destination[(length += middle)..], out var bytes)
            || !" bytes, ".AsSpan().TryCopyTo(destination[(length += bytes)..])
            || !LogText.TryWrite(_durationMs, destination[(length += 8)..], out var duration)
            || !" ms".AsSpan().TryCopyTo(destination[(length += duration)..]))
        {
            return false;
        }

        charsWritten = length + 3;
        return true;
    }
}
