// ReceivedHeader: writes Edge's RFC 5321 4.4 trace header, one allocation-free pass into an IBufferWriter.
// With-protocol names per RFC 3848 / RFC 6531; TLS version and cipher in a comment; the "for" clause only
// for a single recipient. Fields from the wire are sanitised and capped so every line stays <= 998 octets
// (RFC 5322 2.1.1), folding at whitespace once a line passes 78.
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Edge.Protocol;

namespace Edge.Gateway.Delivery;

/// <summary>Formats the <c>Received:</c> header Edge prepends to every message.</summary>
internal static class ReceivedHeader
{
    /// <summary>RFC 5322 2.1.1: lines SHOULD be at most 78 characters; longer lines are folded at the next space.</summary>
    public const int SoftLineLength = 78;

    /// <summary>RFC 5322 2.1.1: lines MUST be at most 998 characters (CRLF excluded).</summary>
    public const int MaxLineLength = 998;

    /// <summary>Cap, in octets, for names from the wire or DNS (HELO, reverse name, our host name): a domain's maximum (RFC 5321 4.5.3.1.2).</summary>
    public const int MaxNameLength = SmtpLimits.MaxDomainLength;

    /// <summary>Cap for the message id.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Cap for the recipient, in octets (RFC 5321 4.5.3.1.3 path length).</summary>
    public const int MaxRecipientLength = SmtpLimits.MaxPathLength;

    /// <summary>Upper bound of the header's size in octets, given the caps above.</summary>
    public const int MaxLength = 4096;

    /// <summary>Writes the header, CRLF-terminated, and returns the number of octets written.</summary>
    public static int Write(IBufferWriter<byte> output, in ReceivedHeaderInfo info) => Write(output, info, info.Id, info.SingleRecipient);

    /// <summary>
    /// Writes the header with the id and the single recipient given as characters (the relay's per-message path formats
    /// them on the stack instead of making strings); <see cref="ReceivedHeaderInfo.Id"/> and
    /// <see cref="ReceivedHeaderInfo.SingleRecipient"/> are ignored. An empty recipient means no <c>for</c> clause.
    /// </summary>
    public static int Write(IBufferWriter<byte> output, in ReceivedHeaderInfo info, ReadOnlySpan<char> id, ReadOnlySpan<char> singleRecipient)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> dst = output.GetSpan(MaxLength);
        int pos = 0;
        int lineStart = 0;

        // from <helo> (<reverse> [ip]:port)
        // Keyword and value stay together on one line ("from <helo>", "by <host>", "id <id>"); folds go between such pairs.
        Put(dst, ref pos, "Received: from "u8);
        if (info.Helo is { Length: > 0 } helo)
        {
            PutSanitised(dst, ref pos, helo, MaxNameLength, TextKind.Name, utf8: false);
        }
        else
        {
            Put(dst, ref pos, "unknown"u8);
        }

        int token;
        if (info.Client is { } client)
        {
            token = Space(dst, ref pos);
            Put(dst, ref pos, "("u8);
            if (info.ClientHostName is { Length: > 0 } reverse)
            {
                PutSanitised(dst, ref pos, reverse, MaxNameLength, TextKind.Name, utf8: false);
                Fold(dst, ref pos, ref lineStart, token);
                token = Space(dst, ref pos);
            }

            PutEndpoint(dst, ref pos, client);
            Put(dst, ref pos, ")"u8);
            Fold(dst, ref pos, ref lineStart, token);
        }

        // by <hostname> (Edge) with <protocol> id <id>
        Break(dst, ref pos, ref lineStart);
        Put(dst, ref pos, "by "u8);
        PutSanitised(dst, ref pos, info.ServerHostname, MaxNameLength, TextKind.Name, utf8: false);
        token = Space(dst, ref pos);
        Put(dst, ref pos, "(Edge) with "u8);
        Put(dst, ref pos, ProtocolName(info.Esmtp, info.Tls.HasValue, info.Authenticated, info.Utf8));
        Fold(dst, ref pos, ref lineStart, token);
        token = Space(dst, ref pos);
        Put(dst, ref pos, "id "u8);
        PutSanitised(dst, ref pos, id, MaxIdLength, TextKind.Name, utf8: false);
        Fold(dst, ref pos, ref lineStart, token);

        // (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)
        if (info.Tls is SslProtocols tls)
        {
            Break(dst, ref pos, ref lineStart);
            Put(dst, ref pos, "(using "u8);
            Put(dst, ref pos, TlsVersionName(tls));
            if (info.Cipher is TlsCipherSuite cipher && Enum.GetName(cipher) is { } cipherName)
            {
                token = Space(dst, ref pos);
                Put(dst, ref pos, "with cipher "u8);
                PutSanitised(dst, ref pos, cipherName, MaxIdLength, TextKind.Name, utf8: false);
                Put(dst, ref pos, ")"u8);
                Fold(dst, ref pos, ref lineStart, token);
            }
            else
            {
                Put(dst, ref pos, ")"u8);
            }
        }

        // for <rcpt>; <date>   (RFC 5321 4.4: the date-time follows the last ';')
        if (singleRecipient.Length > 0)
        {
            Break(dst, ref pos, ref lineStart);
            Put(dst, ref pos, "for <"u8);
            PutSanitised(dst, ref pos, singleRecipient, MaxRecipientLength, TextKind.Path, info.Utf8);
            Put(dst, ref pos, ">;"u8);
            token = Space(dst, ref pos);
        }
        else
        {
            Put(dst, ref pos, ";"u8);
            Break(dst, ref pos, ref lineStart);
            token = pos;
        }

        PutDate(dst, ref pos, info.Time);
        Fold(dst, ref pos, ref lineStart, token);
        Put(dst, ref pos, "\r\n"u8);

        output.Advance(pos);
        return pos;
    }

    /// <summary>The RFC 3848 / RFC 6531 "with" protocol: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA, UTF8SMTP[S][A].</summary>
    public static ReadOnlySpan<byte> ProtocolName(bool esmtp, bool tls, bool authenticated, bool utf8)
    {
        if (!esmtp)
        {
            return "SMTP"u8; // HELO: no extensions, so no registered TLS/AUTH variant
        }

        return (utf8, tls, authenticated) switch
        {
            (false, false, false) => "ESMTP"u8,
            (false, true, false) => "ESMTPS"u8,
            (false, false, true) => "ESMTPA"u8,
            (false, true, true) => "ESMTPSA"u8,
            (true, false, false) => "UTF8SMTP"u8,
            (true, true, false) => "UTF8SMTPS"u8,
            (true, false, true) => "UTF8SMTPA"u8,
            _ => "UTF8SMTPSA"u8,
        };
    }

    private static ReadOnlySpan<byte> TlsVersionName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLSv1.3"u8,
        SslProtocols.Tls12 => "TLSv1.2"u8,
        _ => "TLS"u8, // Edge enables 1.2 and 1.3 only
    };

    private enum TextKind
    {
        Name,
        Path,
    }

    private static void Put(Span<byte> dst, ref int pos, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(dst[pos..]);
        pos += bytes.Length;
    }

    // Writes the separating space and returns where the next token starts.
    private static int Space(Span<byte> dst, ref int pos)
    {
        dst[pos++] = (byte)' ';
        return pos;
    }

    private static void Break(Span<byte> dst, ref int pos, ref int lineStart)
    {
        Put(dst, ref pos, "\r\n\t"u8);
        lineStart = pos - 1; // the tab counts towards the line length
    }

    // The token [tokenStart, pos) was written after a space. If it made the line longer than 78 and the line
    // has other content, turn that space into a fold (CRLF HTAB, RFC 5322 3.2.2) by shifting the token right.
    private static void Fold(Span<byte> dst, ref int pos, ref int lineStart, int tokenStart)
    {
        int space = tokenStart - 1;
        if (pos - lineStart <= SoftLineLength || space <= lineStart + 1 || dst[space] != (byte)' ')
        {
            return;
        }

        dst[tokenStart..pos].CopyTo(dst[(tokenStart + 2)..]);
        dst[space] = (byte)'\r';
        dst[space + 1] = (byte)'\n';
        dst[space + 2] = (byte)'\t';
        pos += 2;
        lineStart = space + 2;
    }

    // SECURITY: HELO, reverse names and recipients are attacker-controlled. Controls (CR, LF, NUL, ...) become '?',
    // so nothing can end the header or inject another; names also lose "( ) ; \" and spaces, which would change
    // how the comment and the date after ';' parse. Length is capped so no line can pass 998 octets.
    private static void PutSanitised(Span<byte> dst, ref int pos, ReadOnlySpan<char> text, int maxBytes, TextKind kind, bool utf8)
    {
        int end = pos + maxBytes;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (pos + rune.Utf8SequenceLength > end)
            {
                break;
            }

            int value = rune.Value;
            if (value < 0x80)
            {
                bool allowed = kind == TextKind.Name
                    ? value is > 0x20 and < 0x7F and not ('(' or ')' or ';' or '\\')
                    : value is >= 0x20 and < 0x7F and not ('<' or '>');
                dst[pos++] = allowed ? (byte)value : (byte)'?';
            }
            else if (utf8 && kind == TextKind.Path && !Rune.IsControl(rune) && rune != Rune.ReplacementChar)
            {
                pos += rune.EncodeToUtf8(dst[pos..]); // RFC 6532: UTF-8 in headers of SMTPUTF8 messages
            }
            else
            {
                dst[pos++] = (byte)'?';
            }
        }
    }

    private static void PutEndpoint(Span<byte> dst, ref int pos, IPEndPoint client)
    {
        IPAddress address = client.Address.IsIPv4MappedToIPv6 ? client.Address.MapToIPv4() : client.Address;
        Put(dst, ref pos, "["u8);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Put(dst, ref pos, "IPv6:"u8); // RFC 5321 4.1.3 address literal
        }

        address.TryFormat(dst[pos..], out int written);
        pos += written;
        Put(dst, ref pos, "]:"u8);
        client.Port.TryFormat(dst[pos..], out written, default, System.Globalization.CultureInfo.InvariantCulture);
        pos += written;
    }

    // RFC 5322 3.3: "Sat, 28 Nov 2026 12:34:56 +0000", in the offset the time carries.
    private static void PutDate(Span<byte> dst, ref int pos, DateTimeOffset time)
    {
        Put(dst, ref pos, DayName(time.DayOfWeek));
        Put(dst, ref pos, ", "u8);
        PutNumber(dst, ref pos, time.Day, minDigits: 1);
        dst[pos++] = (byte)' ';
        Put(dst, ref pos, MonthName(time.Month));
        dst[pos++] = (byte)' ';
        PutNumber(dst, ref pos, time.Year, minDigits: 4);
        dst[pos++] = (byte)' ';
        PutNumber(dst, ref pos, time.Hour, minDigits: 2);
        dst[pos++] = (byte)':';
        PutNumber(dst, ref pos, time.Minute, minDigits: 2);
        dst[pos++] = (byte)':';
        PutNumber(dst, ref pos, time.Second, minDigits: 2);
        dst[pos++] = (byte)' ';
        int offset = (int)time.Offset.TotalMinutes;
        dst[pos++] = offset < 0 ? (byte)'-' : (byte)'+';
        offset = Math.Abs(offset);
        PutNumber(dst, ref pos, offset / 60, minDigits: 2);
        PutNumber(dst, ref pos, offset % 60, minDigits: 2);
    }

    private static void PutNumber(Span<byte> dst, ref int pos, int value, int minDigits)
    {
        Span<byte> digits = stackalloc byte[10];
        int n = 0;
        do
        {
            digits[n++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0 || n < minDigits);

        while (n > 0)
        {
            dst[pos++] = digits[--n];
        }
    }

    private static ReadOnlySpan<byte> DayName(DayOfWeek day) => day switch
    {
        DayOfWeek.Sunday => "Sun"u8,
        DayOfWeek.Monday => "Mon"u8,
        DayOfWeek.Tuesday => "Tue"u8,
        DayOfWeek.Wednesday => "Wed"u8,
        DayOfWeek.Thursday => "Thu"u8,
        DayOfWeek.Friday => "Fri"u8,
        _ => "Sat"u8,
    };

    private static ReadOnlySpan<byte> MonthName(int month) => month switch
    {
        1 => "Jan"u8,
        2 => "Feb"u8,
        3 => "Mar"u8,
        4 => "Apr"u8,
        5 => "May"u8,
        6 => "Jun"u8,
        7 => "Jul"u8,
        8 => "Aug"u8,
        9 => "Sep"u8,
        10 => "Oct"u8,
        11 => "Nov"u8,
        _ => "Dec"u8,
    };
}
