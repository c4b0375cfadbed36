// ListenerSettings: the parsed, immutable runtime form of one validated ListenerOptions entry
// (IPEndPoint, enums, effective limits with the listener's overrides applied). Config -> snapshot.
using System.Collections.Immutable;

namespace Edge.Gateway.Configuration;

/// <summary>One SMTP listener, ready to bind.</summary>
internal sealed record ListenerSettings(
    string Name,
    IPEndPoint Endpoint,
    ListenerMode Mode,
    ListenerRole Role,
    bool ProxyProtocol,
    long MaxMessageSize,
    int MaxConnections)
{
    /// <summary>Balancers whose PROXY header is believed (empty unless <see cref="ProxyProtocol"/>).</summary>
    public ImmutableArray<IPNetwork> TrustedProxies { get; init; } = ImmutableArray<IPNetwork>.Empty;

    /// <summary>Wait before the greeting (pregreet test); zero for none.</summary>
    public TimeSpan GreetingDelay { get; init; }

    /// <summary>Parses every listener of validated options. Throws <see cref="InvalidOperationException"/> for options that did not pass <see cref="EdgeOptionsValidator"/>.</summary>
    public static IReadOnlyList<ListenerSettings> FromOptions(EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ListenerSettings[options.Listeners.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = FromOptions(options.Listeners[i], i, options.Limits);
        }

        return result;
    }

    /// <summary>The name used when <c>Edge:Listeners:N:Name</c> is not set.</summary>
    public static string DefaultName(int index) => $"listener-{index}";

    /// <summary>The configured name, or <see cref="DefaultName"/>.</summary>
    public static string EffectiveName(ListenerOptions listener, int index)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return string.IsNullOrEmpty(listener.Name) ? DefaultName(index) : listener.Name;
    }

    /// <summary>Parses one validated listener (entry <paramref name="index"/>), applying its overrides of <paramref name="limits"/>.</summary>
    public static ListenerSettings FromOptions(ListenerOptions listener, int index, LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(limits);
        if (!EndpointParser.TryParse(listener.Endpoint, out IPEndPoint? endpoint)
            || !OptionValueParser.TryParseListenerMode(listener.Mode, out ListenerMode mode)
            || !OptionValueParser.TryParseListenerRole(listener.Role, out ListenerRole role))
        {
            throw new InvalidOperationException($"Listener '{listener.Name}' was not validated (endpoint '{listener.Endpoint}', mode '{listener.Mode}', role '{listener.Role}').");
        }

        return new ListenerSettings(
            EffectiveName(listener, index),
            endpoint,
            mode,
            role,
            listener.ProxyProtocol,
            listener.MaxMessageSize ?? limits.MaxMessageSize,
            listener.MaxConnections ?? limits.MaxConnections)
        {
            TrustedProxies = ParseTrustedProxies(listener),
            GreetingDelay = listener.GreetingDelay,
        };
    }

    // Empty arrays share ImmutableArray.Empty, so settings without proxies compare equal (record equality).
    private static ImmutableArray<IPNetwork> ParseTrustedProxies(ListenerOptions listener)
    {
        if (!listener.ProxyProtocol || listener.TrustedProxies is not { Count: > 0 } trusted)
        {
            return ImmutableArray<IPNetwork>.Empty;
        }

        var networks = ImmutableArray.CreateBuilder<IPNetwork>(trusted.Count);
        foreach (string text in trusted)
        {
            if (!NetworkParser.TryParse(text, out IPNetwork network))
            {
                throw new InvalidOperationException($"Listener '{listener.Name}' was not validated (trusted proxy '{text}').");
            }

            networks.Add(network);
        }

        return networks.MoveToImmutable();
    }
}
