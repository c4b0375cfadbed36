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

    /// <summary>As <c>EndPoint.ToString()</c>: "address:port", "[address]:port" for IPv6; nothing for no endpoint.</summary>
    public static bool TryWriteEndPoint(EndPoint? endpoint, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        switch (endpoint)
        {
            case null:
                return true;
            case IPEndPoint ip:
                return TryWriteIp(ip, destination, out charsWritten);
            default:
                // Not on the hot path (Kestrel's listeners here are IP): the endpoint's own text.
                var text = endpoint.ToString() ?? "";
                charsWritten = text.Length;
                return text.AsSpan().TryCopyTo(destination);
        }
    }

    /// <summary>A long in invariant digits (long.TryFormat: string interpolation's generic append boxes until re-jitted).</summary>
    public static bool TryWrite(long value, Span<char> destination, out int charsWritten) =>
        value.TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture);

    private static bool TryWriteIp(IPEndPoint endpoint, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var length = 0;
        if (v6)
        {
            if (destination.IsEmpty)
            {
                return false;
            }

            destination[length++] = '[';
        }

        if (!endpoint.Address.TryFormat(destination[length..], out var address))
        {
            return false;
        }

        length += address;
        if (!destination[length..].TryWrite(CultureInfo.InvariantCulture, $"{(v6 ? "]:" : ":")}{endpoint.Port}", out var port))
        {
            return false;
        }

        charsWritten = length + port;
        return true;
    }
}
