// ClientAddressKey: the address a per-client limit counts. IPv4-mapped IPv6 (from dual-mode sockets) is the
// IPv4 client it stands for; an IPv6 client counts as its /64, because one subscriber is routinely given a whole
// /64 (RFC 6177) and could otherwise open unlimited connections by rotating addresses.
using System.Net.Sockets;

namespace Edge.Gateway.Connections;

/// <summary>Maps a client address to the key its connections are counted under.</summary>
internal static class ClientAddressKey
{
    /// <summary>The key for <paramref name="address"/>: IPv4 as is, IPv4-mapped as IPv4, IPv6 as its /64 network address.</summary>
    public static IPAddress For(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        // SECURITY: count the /64, not the single address (see the header comment).
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
