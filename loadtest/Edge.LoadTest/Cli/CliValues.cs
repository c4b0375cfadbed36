// CliValues: parsers for the command line's value syntaxes: endpoints (host:port, [v6]:port), sizes (4096, 4k, 1m),
// rates (a number or "unlimited"), durations (30s, 2m, 1h, 500ms, a plain number of seconds, or hh:mm:ss).
// Try* never throw; the CLI turns false into a message naming the option.
using System.Globalization;
using System.Net;

namespace Edge.LoadTest.Cli;

/// <summary>Value parsers for the command line.</summary>
internal static class CliValues
{
    public static bool TryParseEndPoint(string text, out EndPoint endpoint, out string host)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        host = string.Empty;
        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0)
        {
            endpoint = ip;
            host = ip.Address.ToString();
            return true;
        }

        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon];
        endpoint = new DnsEndPoint(host, port);
        return true;
    }

    public static bool TryParseSize(string text, out int size)
    {
        size = 0;
        var span = text.AsSpan().Trim();
        int multiplier = 1;
        if (span.EndsWith("b", StringComparison.OrdinalIgnoreCase) && span.Length > 1 && char.IsLetter(span[^2]))
        {
            span = span[..^1];
        }

        if (span.EndsWith("k", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024;
            span = span[..^1];
        }
        else if (span.EndsWith("m", StringComparison.OrdinalIgnoreCase))
        {
            multiplier = 1024 * 1024;
            span = span[..^1];
        }

        if (!int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value <= 0 || value > int.MaxValue / multiplier)
        {
            return false;
        }

        size = value * multiplier;
        return true;
    }

    /// <summary>Null rate = unlimited (closed loop).</summary>
    public static bool TryParseRate(string text, out double? rate)
    {
        rate = null;
        if (text.Equals("unlimited", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value))
        {
            rate = value;
            return true;
        }

        return false;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        (string suffix, double seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (span.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(span[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0)
            {
                duration = TimeSpan.FromSeconds(value * seconds);
                return true;
            }
        }

        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain) && plain > 0)
        {
            duration = TimeSpan.FromSeconds(plain);
            return true;
        }

        return TimeSpan.TryParse(span, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }
}
