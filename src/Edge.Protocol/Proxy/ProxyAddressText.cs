// ProxyAddressText: the textual address and port forms of a PROXY v1 line, parsed from ASCII bytes into
// caller-provided spans without allocating. Strict on purpose: dotted-quad IPv4 without leading zeros
// (no octal or shortened forms), RFC 4291 2.2 IPv6 text without zone ids, ports 0..65535 without leading zeros.
namespace Edge.Protocol.Proxy;

/// <summary>Allocation-free parsers for the address fields of a v1 header. <c>Try*</c> methods never throw.</summary>
internal static class ProxyAddressText
{
    /// <summary>Longest IPv6 text form (RFC 4291 2.2 form 3 with an IPv4 tail): 45 characters.</summary>
    public const int MaxIPv6Length = 45;

    /// <summary>Parses <c>a.b.c.d</c> into 4 bytes of <paramref name="destination"/>.</summary>
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        if (text.Length is < 7 or > 15 || destination.Length < 4)
        {
            return false;
        }

        int part = 0;
        int i = 0;
        while (true)
        {
            int start = i;
            int value = 0;
            while (i < text.Length && i - start < 4 && IsDigit(text[i]))
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            int digits = i - start;
            // SECURITY: "010" would be octal to some parsers and decimal to others; refuse the ambiguity.
            if (digits is 0 or > 3 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            destination[part++] = (byte)value;
            if (part == 4)
            {
                return i == text.Length;
            }

            if (i == text.Length || text[i] != '.')
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>Parses an IPv6 address (with <c>::</c> compression and an optional IPv4 tail) into 16 bytes of <paramref name="destination"/>.</summary>
    public static bool TryParseIPv6(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        if (text.Length is < 2 or > MaxIPv6Length || destination.Length < 16)
        {
            return false;
        }

        destination = destination[..16];
        destination.Clear();
        int words = 0;
        int compressAt = -1;
        int i = 0;
        if (text[0] == ':')
        {
            if (text[1] != ':')
            {
                return false;
            }

            compressAt = 0;
            i = 2;
        }

        while (i < text.Length)
        {
            if (words == 8)
            {
                return false;
            }

            int start = i;
            int value = 0;
            while (i < text.Length && i - start < 5 && TryHex(text[i], out int nibble))
            {
                value = (value << 4) | nibble;
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                // RFC 4291 2.2 form 3: the last 32 bits as a dotted quad.
                if (words > 6 || !TryParseIPv4(text[start..], destination.Slice(words * 2, 4)))
                {
                    return false;
                }

                words += 2;
                break;
            }

            int digits = i - start;
            if (digits is 0 or > 4)
            {
                return false;
            }

            destination[words * 2] = (byte)(value >> 8);
            destination[(words * 2) + 1] = (byte)value;
            words++;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ':' || ++i == text.Length)
            {
                return false; // a stray character, or a trailing single ':'
            }

            if (text[i] == ':')
            {
                if (compressAt >= 0)
                {
                    return false; // RFC 4291 2.2: "::" may appear only once
                }

                compressAt = words;
                i++;
            }
        }

        if (compressAt < 0)
        {
            return words == 8;
        }

        if (words == 8)
        {
            return false; // "::" must stand for at least one group of zeros
        }

        // Move the groups written after "::" to the end; the gap stays zero.
        int tail = (words - compressAt) * 2;
        int shift = (8 - words) * 2;
        for (int k = tail - 1; k >= 0; k--)
        {
            destination[(compressAt * 2) + shift + k] = destination[(compressAt * 2) + k];
            destination[(compressAt * 2) + k] = 0;
        }

        return true;
    }

    /// <summary>Parses a port, <c>0</c>..<c>65535</c>, without sign or leading zeros.</summary>
    public static bool TryParsePort(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        if (text.Length is 0 or > 5 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (byte b in text)
        {
            if (!IsDigit(b))
            {
                port = 0;
                return false;
            }

            port = (port * 10) + (b - '0');
        }

        return port <= 65535;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool TryHex(byte b, out int nibble)
    {
        uint d = (uint)(b - '0');
        if (d <= 9)
        {
            nibble = (int)d;
            return true;
        }

        uint l = (uint)((b | 0x20) - 'a');
        nibble = (int)l + 10;
        return l <= 5;
    }
}
