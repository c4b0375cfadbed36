// EndpointParser: "host:port" strings from configuration to endpoints. Listeners take IP literals
// ("0.0.0.0:25", "[::1]:2525"), "*" (any IPv4 address) and "localhost" (loopback); backends may also
// name a DNS host. Strict on purpose: unbracketed IPv6 and non-canonical IPv4 ("127.1") are refused.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Sockets;

namespace Edge.Gateway.Configuration;

/// <summary>Parses configured endpoints. <c>Try*</c> methods never throw. Port 0 parses; range checks are the validators' job.</summary>
internal static class EndpointParser
{
    /// <summary>Parses a listen endpoint: <c>a.b.c.d:port</c>, <c>[ipv6]:port</c>, <c>*:port</c> (IPv4 any), <c>localhost:port</c> (127.0.0.1).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (!TrySplit(text, out string host, out bool bracketed, out int port))
        {
            return false;
        }

        IPAddress? address;
        if (bracketed)
        {
            if (!TryParseIPv6(host, out address))
            {
                return false;
            }
        }
        else if (host == "*")
        {
            address = IPAddress.Any;
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (!TryParseIPv4(host, out address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    /// <summary>Parses a backend endpoint: as <see cref="TryParse"/> (without <c>*</c>), or <c>dns.name:port</c>. The host is returned without brackets.</summary>
    public static bool TryParseHostPort(string? text, out string host, out int port)
    {
        if (!TrySplit(text, out host, out bool bracketed, out port))
        {
            host = "";
            port = 0;
            return false;
        }

        bool ok = bracketed
            ? TryParseIPv6(host, out _)
            : TryParseIPv4(host, out _) || (!IsAllDigitsAndDots(host) && DomainNameSyntax.IsValidHostname(host));
        if (!ok)
        {
            host = "";
            port = 0;
        }

        return ok;
    }

    // Splits "host:port" or "[v6]:port"; the port is 1..5 ASCII digits, at most 65535.
    private static bool TrySplit(string? text, out string host, out bool bracketed, out int port)
    {
        host = "";
        bracketed = false;
        port = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        ReadOnlySpan<char> span = text.AsSpan().Trim();
        int colon;
        if (span[0] == '[')
        {
            int close = span.IndexOf(']');
            if (close < 2 || close + 1 >= span.Length || span[close + 1] != ':')
            {
                return false;
            }

            bracketed = true;
            host = span[1..close].ToString();
            colon = close + 1;
        }
        else
        {
            colon = span.LastIndexOf(':');
            if (colon <= 0 || span[..colon].Contains(':'))
            {
                return false; // no port, empty host, or an unbracketed IPv6 address (ambiguous)
            }

            host = span[..colon].ToString();
        }

        ReadOnlySpan<char> digits = span[(colon + 1)..];
        if (digits.IsEmpty || digits.Length > 5)
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        port = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return port <= IPEndPoint.MaxPort;
    }

    private static bool TryParseIPv6(string host, [NotNullWhen(true)] out IPAddress? address)
    {
        if (IPAddress.TryParse(host, out address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return true;
        }

        address = null;
        return false;
    }

    // Only the canonical dotted quad: IPAddress.TryParse also takes "10", "127.1" and octal-looking forms.
    private static bool TryParseIPv4(string host, [NotNullWhen(true)] out IPAddress? address)
    {
        if (IPAddress.TryParse(host, out address)
            && address.AddressFamily == AddressFamily.InterNetwork
            && string.Equals(address.ToString(), host, StringComparison.Ordinal))
        {
            return true;
        }

        address = null;
        return false;
    }

    private static bool IsAllDigitsAndDots(string host)
    {
        foreach (char c in host)
        {
            if (c != '.' && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
