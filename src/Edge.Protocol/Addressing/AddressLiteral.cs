// AddressLiteral: RFC 5321 4.1.3 address literals: [IPv4], [IPv6:...] and general [tag:dcontent].
// Checked by hand so a literal never allocates (IPAddress.TryParse would create an object per call).
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Addressing;

/// <summary>Syntax check of an address literal including its square brackets.</summary>
internal static class AddressLiteral
{
    /// <summary>True when <paramref name="literal"/> is <c>[...]</c> holding an IPv4, IPv6 or general literal.</summary>
    public static bool IsValid(ReadOnlySpan<byte> literal)
    {
        if (literal.Length < 3 || literal[0] != (byte)'[' || literal[^1] != (byte)']')
        {
            return false;
        }

        ReadOnlySpan<byte> content = literal[1..^1];
        int colon = content.IndexOf((byte)':');
        if (colon < 0)
        {
            return IsIPv4(content);
        }

        ReadOnlySpan<byte> tag = content[..colon];
        ReadOnlySpan<byte> value = content[(colon + 1)..];
        if (System.Text.Ascii.EqualsIgnoreCase(tag, "IPv6"u8))
        {
            return IsIPv6(value);
        }

        // General-address-literal = Standardized-tag ":" 1*dcontent; the tag is an Ldh-str.
        return !tag.IsEmpty
            && tag[^1] != (byte)'-'
            && !tag.ContainsAnyExcept(SmtpChars.KeywordChar)
            && !value.IsEmpty
            && !value.ContainsAnyExcept(SmtpChars.Dcontent);
    }

    /// <summary>RFC 5321 4.1.3 IPv4-address-literal: four 1-3 digit decimal octets, each at most 255.</summary>
    public static bool IsIPv4(ReadOnlySpan<byte> text)
    {
        for (int part = 0; part < 4; part++)
        {
            int length = 0;
            int value = 0;
            while (length < text.Length && (uint)(text[length] - '0') <= 9)
            {
                value = (value * 10) + (text[length] - '0');
                length++;
                if (length > 3)
                {
                    return false;
                }
            }

            if (length == 0 || value > 255)
            {
                return false;
            }

            text = text[length..];
            if (part < 3)
            {
                if (text.IsEmpty || text[0] != (byte)'.')
                {
                    return false;
                }

                text = text[1..];
            }
        }

        return text.IsEmpty;
    }

    /// <summary>
    /// RFC 5321 4.1.3 IPv6-addr: IPv6-full (8 groups), IPv6-comp (at most 6 groups besides "::"), and the
    /// IPv4-suffixed forms (6 groups, or at most 4 besides "::", then a dotted IPv4 address).
    /// </summary>
    public static bool IsIPv6(ReadOnlySpan<byte> text)
    {
        int groups = 0;
        bool compressed = false;
        bool ipv4 = false;
        if (text.StartsWith("::"u8))
        {
            compressed = true;
            text = text[2..];
        }

        while (!text.IsEmpty)
        {
            int length = 0;
            while (length < text.Length && length < 5 && IsHex(text[length]))
            {
                length++;
            }

            if (length < text.Length && text[length] == (byte)'.')
            {
                // The IPv4 suffix ends the address.
                if (!IsIPv4(text))
                {
                    return false;
                }

                ipv4 = true;
                break;
            }

            if (length is 0 or > 4)
            {
                return false;
            }

            groups++;
            text = text[length..];
            if (text.IsEmpty)
            {
                break;
            }

            if (text[0] != (byte)':' || text.Length == 1)
            {
                return false;
            }

            if (text[1] == (byte)':')
            {
                if (compressed)
                {
                    return false;
                }

                compressed = true;
                text = text[2..];
            }
            else
            {
                text = text[1..];
            }
        }

        int limit = ipv4 ? 6 : 8;
        return compressed ? groups <= limit - 2 : groups == limit;
    }

    private static bool IsHex(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 5;
}
