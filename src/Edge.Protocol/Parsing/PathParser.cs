// PathParser: RFC 5321 4.1.2 Reverse-path / Forward-path in angle brackets, with the 4.5.3.1 length limits.
// Source routes (A-d-l) are parsed and dropped (RFC 5321 4.1.1.3, C); <> is the null reverse path (MAIL only);
// <Postmaster> without a domain is a valid forward path (RFC 5321 4.1.1.3). UTF-8 octets are flagged, not refused.
using Edge.Protocol.Addressing;

namespace Edge.Protocol.Parsing;

/// <summary>Parses a path at the start of a MAIL FROM / RCPT TO argument.</summary>
internal static class PathParser
{
    /// <summary>
    /// Parses the path that starts <paramref name="text"/> (which must begin with '&lt;').
    /// <paramref name="mailbox"/> is the address without brackets and route; <paramref name="consumed"/> counts up to and including '&gt;'.
    /// </summary>
    public static CommandError Parse(
        ReadOnlySpan<byte> text, bool forwardPath, out ReadOnlySpan<byte> mailbox, out bool isUtf8, out int consumed)
    {
        mailbox = default;
        isUtf8 = false;
        consumed = 0;
        if (text.IsEmpty || text[0] != (byte)'<')
        {
            return CommandError.BadArgument;
        }

        int pos = 1;
        if (pos < text.Length && text[pos] == (byte)'>')
        {
            // RFC 5321 4.1.1.3: a forward path may not be null.
            consumed = 2;
            return forwardPath ? CommandError.BadArgument : CommandError.None;
        }

        if (pos < text.Length && text[pos] == (byte)'@')
        {
            CommandError routeError = SkipSourceRoute(text, ref pos);
            if (routeError != CommandError.None)
            {
                return routeError;
            }
        }

        int mailboxStart = pos;
        CommandError error = ParseLocalPart(text, ref pos, ref isUtf8);
        if (error != CommandError.None)
        {
            return error;
        }

        int localLength = pos - mailboxStart;
        if (pos < text.Length && text[pos] == (byte)'>')
        {
            // RFC 5321 4.1.1.3: "Postmaster" (any case) needs no domain, and only as a recipient.
            mailbox = text[mailboxStart..pos];
            consumed = pos + 1;
            isUtf8 = false;
            return forwardPath && mailboxStart == 1 && System.Text.Ascii.EqualsIgnoreCase(mailbox, "Postmaster"u8)
                ? CommandError.None
                : CommandError.BadArgument;
        }

        if (pos >= text.Length || text[pos] != (byte)'@')
        {
            return CommandError.BadArgument;
        }

        pos++;
        int domainStart = pos;
        error = ParseDomain(text, ref pos, '>', ref isUtf8);
        if (error != CommandError.None)
        {
            return error;
        }

        // SECURITY: RFC 5321 4.5.3.1 limits, so nothing downstream sees an address it cannot store or relay.
        if (localLength > SmtpLimits.MaxLocalPartLength
            || pos - domainStart > SmtpLimits.MaxDomainLength
            || pos + 1 > SmtpLimits.MaxPathLength)
        {
            return CommandError.PathTooLong;
        }

        mailbox = text[mailboxStart..pos];
        consumed = pos + 1;
        return CommandError.None;
    }

    // A-d-l = At-domain *( "," At-domain ) ":" ; At-domain = "@" Domain.
    private static CommandError SkipSourceRoute(ReadOnlySpan<byte> text, ref int pos)
    {
        while (true)
        {
            if (pos >= text.Length || text[pos] != (byte)'@')
            {
                return CommandError.BadArgument;
            }

            pos++;
            int start = pos;
            bool routeUtf8 = false;
            CommandError error = ParseDomain(text, ref pos, '\0', ref routeUtf8);
            if (error != CommandError.None)
            {
                return error;
            }

            if (pos >= text.Length || (text[pos] != (byte)',' && text[pos] != (byte)':'))
            {
                return CommandError.BadArgument;
            }

            if (pos - start > SmtpLimits.MaxDomainLength || pos > SmtpLimits.MaxPathLength)
            {
                return CommandError.PathTooLong;
            }

            pos++;
            if (text[pos - 1] == (byte)':')
            {
                return CommandError.None;
            }
        }
    }

    // Local-part = Dot-string / Quoted-string (RFC 5321 4.1.2).
    private static CommandError ParseLocalPart(ReadOnlySpan<byte> text, ref int pos, ref bool isUtf8)
    {
        if (pos < text.Length && text[pos] == (byte)'"')
        {
            return ParseQuotedString(text, ref pos, ref isUtf8);
        }

        // Dot-string = Atom *("." Atom): no leading, trailing or doubled dot.
        while (true)
        {
            int atom = SmtpChars.RunLength(text[pos..], SmtpChars.Atext, ref isUtf8);
            if (atom == 0)
            {
                return CommandError.BadArgument;
            }

            pos += atom;
            if (pos < text.Length && text[pos] == (byte)'.')
            {
                pos++;
                continue;
            }

            return CommandError.None;
        }
    }

    // Quoted-string = DQUOTE *QcontentSMTP DQUOTE; QcontentSMTP = qtextSMTP / quoted-pairSMTP.
    private static CommandError ParseQuotedString(ReadOnlySpan<byte> text, ref int pos, ref bool isUtf8)
    {
        pos++;
        while (pos < text.Length)
        {
            pos += SmtpChars.RunLength(text[pos..], SmtpChars.Qtext, ref isUtf8);
            if (pos >= text.Length)
            {
                return CommandError.BadArgument;
            }

            byte b = text[pos];
            if (b == (byte)'"')
            {
                pos++;
                return CommandError.None;
            }

            if (b != (byte)'\\' || pos + 1 >= text.Length || !SmtpChars.QuotedPair.Contains(text[pos + 1]))
            {
                return CommandError.BadArgument;
            }

            pos += 2;
        }

        return CommandError.BadArgument;
    }

    // Domain or address-literal, ending at the first octet that cannot belong to it (checked by the caller).
    private static CommandError ParseDomain(ReadOnlySpan<byte> text, ref int pos, char terminator, ref bool isUtf8)
    {
        int start = pos;
        if (pos < text.Length && text[pos] == (byte)'[')
        {
            int close = text[pos..].IndexOf((byte)']');
            if (close < 0 || !AddressLiteral.IsValid(text.Slice(pos, close + 1)))
            {
                return CommandError.BadArgument;
            }

            pos += close + 1;
        }
        else
        {
            pos += SmtpChars.RunLength(text[pos..], SmtpChars.Domain, ref isUtf8);
            if (!DomainSyntax.HasValidLabels(text[start..pos]))
            {
                return CommandError.BadArgument;
            }
        }

        if (terminator != '\0' && (pos >= text.Length || text[pos] != (byte)terminator))
        {
            return CommandError.BadArgument;
        }

        return CommandError.None;
    }
}
