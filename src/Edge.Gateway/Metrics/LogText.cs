// LogText: pieces of Edge's hand-written log states (MessageLogState, SessionEndLogState) written into a span as the
// source-generated states' string interpolation wrote them, without the intermediate strings.
using System.Globalization;
using System.Net.Sockets;
using Edge.Gateway.Logging;

namespace Edge.Gateway.Metrics;

/// <summary>A log state that writes its message into a span.</summary>
internal interface ILogText
{
    /// <summary>Writes the message text; false when it does not fit.</summary>
    bool TryFormat(Span<char> destination, out int charsWritten);
}

/// <summary>The formatter delegate's target for an <see cref="ILogText"/> state (see ISpanMessageFormatter).</summary>
/// <typeparam name="TState">The log state.</typeparam>
internal sealed class LogTextFormatter<TState> : ISpanMessageFormatter<TState>
    where TState : struct, ILogText
{
    /// <summary>The delegate to pass to ILogger.Log with a <typeparamref name="TState"/>.</summary>
    public static readonly Func<TState, Exception?, string> Formatter = new LogTextFormatter<TState>().Format;

    private LogTextFormatter()
    {
    }

    public string Format(TState state, Exception? exception) => LogText.ToString(in state);

    public bool TryFormat(in TState state, Span<char> destination, out int charsWritten) => state.TryFormat(destination, out charsWritten);
}

/// <summary>Span formatting for log states.</summary>
internal static class LogText
{
    /// <summary>The state's message as a string.</summary>
    public static string ToString<TState>(in TState state)
        where TState : struct, ILogText
    {
        var size = 256;
        while (true)
        {
            var buffer = ArrayPool<char>.Shared.Rent(size);
            try
            {
                if (state.TryFormat(buffer, out var written))
                {
                    return new string(buffer, 0, written);
                }
            }
            finally
            {
                ArrayPool<char>.Shared.Return(buffer);
            }

            size *= 2;
        }
    }

}

/// <summary>
/// Writes a log message into a span piece by piece, as string interpolation would, with no generic appends (the
/// interpolation handlers box a value type in code that is not yet optimised). Once a piece does not fit, it writes
/// nothing more and <see cref="TryComplete"/> says false.
/// </summary>
internal ref struct LogTextWriter(Span<char> destination)
{
    private readonly Span<char> _destination = destination;
    private int _length;
    private bool _full;

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (!_full && text.TryCopyTo(_destination[_length..]))
        {
            _length += text.Length;
        }
        else
        {
            _full = true;
        }
    }

    public void Append(char value)
    {
        if (!_full && _length < _destination.Length)
        {
            _destination[_length++] = value;
        }
        else
        {
            _full = true;
        }
    }

    /// <summary>Invariant digits.</summary>
    public void Append(long value)
    {
        if (!_full && value.TryFormat(_destination[_length..], out var written, default, CultureInfo.InvariantCulture))
        {
            _length += written;
        }
        else
        {
            _full = true;
        }
    }

    /// <summary>As <c>EndPoint.ToString()</c>: "address:port", "[address]:port" for IPv6; nothing for no endpoint.</summary>
    public void Append(EndPoint? endpoint)
    {
        switch (endpoint)
        {
            case null:
                return;
            case IPEndPoint ip:
                var v6 = ip.AddressFamily == AddressFamily.InterNetworkV6;
                if (v6)
                {
                    Append('[');
                }

                if (!_full && ip.Address.TryFormat(_destination[_length..], out var address))
                {
                    _length += address;
                }
                else
                {
                    _full = true;
                }

                Append(v6 ? "]:" : ":");
                Append(ip.Port);
                return;
            default:
                // Not on the hot path (Kestrel's listeners here are IP): the endpoint's own text.
                Append(endpoint.ToString());
                return;
        }
    }

    /// <summary>The characters written, unless something did not fit.</summary>
    public readonly bool TryComplete(out int charsWritten)
    {
        charsWritten = _full ? 0 : _length;
        return !_full;
    }
}
