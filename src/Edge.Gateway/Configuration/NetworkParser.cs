// NetworkParser: trusted-proxy entries from configuration, an IP address ("10.0.0.5", "2001:db8::5") or a CIDR
// network ("10.0.0.0/8", "2001:db8::/32"). Strict like EndpointParser: canonical dotted quads only, and a
// network with host bits set after its prefix ("10.0.0.1/8") is refused as the likely typo it is.
using System.Diagnostics.CodeAnalysis;
using System.Net.Sockets;

namespace Edge.Gateway.Configuration;

/// <summary>Parses address-or-network strings. <c>Try*</c> methods never throw.</summary>
internal static class NetworkParser
{
    /// <summary>Parses an address (a /32 or /128 network) or a CIDR network.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        ReadOnlySpan<char> span = text.AsSpan().Trim();
        int slash = span.IndexOf('/');
        ReadOnlySpan<char> host = slash < 0 ? span : span[..slash];
        if (!IPAddress.TryParse(host, out IPAddress? address) || host.Contains('%'))
        {
            return false;
        }

        // IPAddress.TryParse also takes "10", "127.1" and octal-looking forms; only the canonical quad is meant.
        if (address.AddressFamily == AddressFamily.InterNetwork && !host.SequenceEqual(address.ToString()))
        {
            return false;
        }

        if (slash < 0)
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // IPNetwork.TryParse masks host bits away ("10.0.0.1/8" becomes 10.0.0.0/8); refuse instead, since the
        // operator most likely meant the single address and would otherwise trust a whole network.
        return IPNetwork.TryParse(span, out network) && network.BaseAddress.Equals(address);
    }
}
