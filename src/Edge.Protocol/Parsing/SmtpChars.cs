// SmtpChars: the octet classes of RFC 5321 4.1.2, RFC 5322 3.2.3, RFC 3461 4 and RFC 4954 as SearchValues,
// built once so every scan is vectorised and allocation-free. Octets >= 0x80 are admitted where RFC 6531
// (SMTPUTF8) extends a class; whether SMTPUTF8 was actually negotiated is the session's decision.
using System.Buffers;

namespace Edge.Protocol.Parsing;

/// <summary>Octet classes used by the command parser.</summary>
internal static class SmtpChars
{
    private const string Alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const string Digit = "0123456789";

    /// <summary>RFC 5321 4.1.2 qtextSMTP (32, 33, 35-91, 93-126); UTF-8 octets are added by <see cref="RunLength"/>.</summary>
    public static readonly SearchValues<byte> Qtext = CreateRange(32, 126, except: "\"\\", utf8: false);

    /// <summary>RFC 5321 4.1.2 quoted-pairSMTP: the octet after a backslash (32-126).</summary>
    public static readonly SearchValues<byte> QuotedPair = CreateRange(32, 126, except: "", utf8: false);

    /// <summary>A domain's ASCII octets: Ldh-str characters and the dot; UTF-8 octets are added by <see cref="RunLength"/>.</summary>
    public static readonly SearchValues<byte> Domain = Create(Alpha + Digit + "-.", utf8: false);

    /// <summary>RFC 5321 4.1.3 dcontent of a general address literal: 33-90, 94-126.</summary>
    public static readonly SearchValues<byte> Dcontent = CreateRange(33, 126, except: "[\\]", utf8: false);

    /// <summary>RFC 5321 4.1.2 esmtp-keyword characters (ALPHA / DIGIT / "-").</summary>
    public static readonly SearchValues<byte> KeywordChar = Create(Alpha + Digit + "-", utf8: false);

    /// <summary>RFC 3461 4 xchar: 33-126 except '+' and '='.</summary>
    public static readonly SearchValues<byte> Xchar = CreateRange(33, 126, except: "+=", utf8: false);

    /// <summary>Upper-case hexadecimal digits (RFC 3461 4 hexchar).</summary>
    public static readonly SearchValues<byte> UpperHex = Create(Digit + "ABCDEF", utf8: false);

    /// <summary>RFC 5322 3.2.3 atext (local-part atoms, ORCPT addr-type); UTF-8 octets are added by <see cref="RunLength"/>.</summary>
    public static readonly SearchValues<byte> Atext = Create(Alpha + Digit + "!#$%&'*+-/=?^_`{|}~", utf8: false);

    /// <summary>RFC 4954 4 SASL mechanism name characters (input accepted in either case).</summary>
    public static readonly SearchValues<byte> SaslMechanism = Create(Alpha + Digit + "-_", utf8: false);

    /// <summary>RFC 4648 base64 alphabet without the pad.</summary>
    public static readonly SearchValues<byte> Base64 = Create(Alpha + Digit + "+/", utf8: false);

    /// <summary>Visible octets of a HELO/EHLO argument: 33-126 plus UTF-8 octets.</summary>
    public static readonly SearchValues<byte> PrintableUtf8 = CreateRange(33, 126, except: "", utf8: true);

    /// <summary>
    /// Length of the leading run of <paramref name="text"/> whose octets are in <paramref name="ascii"/> or are
    /// UTF-8 octets (&gt;= 0x80, RFC 6531); <paramref name="sawUtf8"/> is set when one was met. ASCII-only sets keep
    /// the common (ASCII) case on the fastest vectorised search.
    /// </summary>
    public static int RunLength(ReadOnlySpan<byte> text, SearchValues<byte> ascii, ref bool sawUtf8)
    {
        int index = 0;
        while (true)
        {
            int other = text[index..].IndexOfAnyExcept(ascii);
            if (other < 0)
            {
                return text.Length;
            }

            index += other;
            if (text[index] < 0x80)
            {
                return index;
            }

            sawUtf8 = true;
            index++;
        }
    }

    private static SearchValues<byte> Create(string ascii, bool utf8)
    {
        var bytes = new List<byte>(ascii.Length + 128);
        foreach (char c in ascii)
        {
            bytes.Add((byte)c);
        }

        AddUtf8(bytes, utf8);
        return SearchValues.Create(bytes.ToArray());
    }

    private static SearchValues<byte> CreateRange(int first, int last, string except, bool utf8)
    {
        var bytes = new List<byte>(last - first + 129);
        for (int c = first; c <= last; c++)
        {
            if (!except.Contains((char)c, StringComparison.Ordinal))
            {
                bytes.Add((byte)c);
            }
        }

        AddUtf8(bytes, utf8);
        return SearchValues.Create(bytes.ToArray());
    }

    private static void AddUtf8(List<byte> bytes, bool utf8)
    {
        if (utf8)
        {
            for (int c = 0x80; c <= 0xFF; c++)
            {
                bytes.Add((byte)c);
            }
        }
    }
}
