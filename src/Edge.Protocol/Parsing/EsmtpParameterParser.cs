// EsmtpParameterParser: MAIL FROM and RCPT TO parameters (RFC 5321 4.1.2 esmtp-param = keyword ["=" value],
// separated by spaces, keywords case-insensitive). Known keywords are decoded into MailParameters/RcptParameters;
// a keyword unknown for the verb is UnknownParameter (555, RFC 5321 4.1.1.11), a repeated one BadParameter.
using System.Buffers.Binary;
using System.Text;

namespace Edge.Protocol.Parsing;

/// <summary>Parses the parameter text after a MAIL/RCPT path.</summary>
internal static class EsmtpParameterParser
{
    // RFC 3461 4.4 and 4.2: ENVID at most 100 characters, ORCPT at most 500.
    private const int MaxEnvIdLength = 100;
    private const int MaxORcptLength = 500;

    private const int SeenSize = 1, SeenBody = 2, SeenSmtpUtf8 = 4, SeenRequireTls = 8, SeenRet = 16, SeenEnvId = 32, SeenAuth = 64;
    private const int SeenNotify = 1, SeenORcpt = 2;

    private const uint PackedSize = 's' | ('i' << 8) | ('z' << 16) | ((uint)'e' << 24);
    private const uint PackedBody = 'b' | ('o' << 8) | ('d' << 16) | ((uint)'y' << 24);
    private const uint PackedAuth = 'a' | ('u' << 8) | ('t' << 16) | ((uint)'h' << 24);

    /// <summary>Parses MAIL FROM parameters into <paramref name="parameters"/>.</summary>
    public static CommandError ParseMail(ReadOnlySpan<byte> text, ref MailParameters parameters)
    {
        int seen = 0;
        while (NextParameter(ref text, out ReadOnlySpan<byte> keyword, out ReadOnlySpan<byte> value, out bool hasValue))
        {
            int flag = MailFlag(keyword);
            if (flag == 0)
            {
                return CommandError.UnknownParameter;
            }

            if ((seen & flag) != 0)
            {
                return CommandError.BadParameter;
            }

            seen |= flag;
            bool takesValue = flag is not (SeenSmtpUtf8 or SeenRequireTls);
            if (takesValue ? value.IsEmpty : hasValue)
            {
                return CommandError.BadParameter;
            }

            CommandError error = flag switch
            {
                SeenSize => ParseSize(value, ref parameters),
                SeenBody => ParseBody(value, ref parameters),
                SeenSmtpUtf8 => SetSmtpUtf8(ref parameters),
                SeenRequireTls => SetRequireTls(ref parameters),
                SeenRet => ParseRet(value, ref parameters),
                SeenEnvId => ParseEnvId(value, ref parameters),
                _ => ParseAuth(value, ref parameters),
            };
            if (error != CommandError.None)
            {
                return error;
            }
        }

        return CommandError.None;
    }

    /// <summary>Parses RCPT TO parameters into <paramref name="parameters"/>.</summary>
    public static CommandError ParseRcpt(ReadOnlySpan<byte> text, ref RcptParameters parameters)
    {
        int seen = 0;
        while (NextParameter(ref text, out ReadOnlySpan<byte> keyword, out ReadOnlySpan<byte> value, out _))
        {
            int flag = keyword.Length switch
            {
                6 when Ascii.EqualsIgnoreCase(keyword, "NOTIFY"u8) => SeenNotify,
                5 when Ascii.EqualsIgnoreCase(keyword, "ORCPT"u8) => SeenORcpt,
                _ => 0,
            };
            if (flag == 0)
            {
                return CommandError.UnknownParameter;
            }

            if ((seen & flag) != 0 || value.IsEmpty)
            {
                return CommandError.BadParameter;
            }

            seen |= flag;
            CommandError error = flag == SeenNotify ? ParseNotify(value, ref parameters) : ParseORcpt(value, ref parameters);
            if (error != CommandError.None)
            {
                return error;
            }
        }

        return CommandError.None;
    }

    // Takes the next space-separated esmtp-param from text. False when only spaces remain.
    private static bool NextParameter(
        scoped ref ReadOnlySpan<byte> text, out ReadOnlySpan<byte> keyword, out ReadOnlySpan<byte> value, out bool hasValue)
    {
        // One scalar pass: parameters are a few short tokens, cheaper to walk than to search repeatedly.
        int index = 0;
        while (index < text.Length && text[index] == (byte)' ')
        {
            index++;
        }

        if (index == text.Length)
        {
            keyword = value = default;
            hasValue = false;
            text = default;
            return false;
        }

        int start = index;
        int equals = -1;
        for (; index < text.Length && text[index] != (byte)' '; index++)
        {
            if (text[index] == (byte)'=' && equals < 0)
            {
                equals = index;
            }
        }

        hasValue = equals >= 0;
        keyword = hasValue ? text[start..equals] : text[start..index];
        value = hasValue ? text[(equals + 1)..index] : default;
        text = text[index..];
        return true;
    }

    // Four-letter keywords are told apart by their packed octets, case folded like the verbs.
    private static int MailFlag(ReadOnlySpan<byte> keyword) => keyword.Length switch
    {
        4 => (BinaryPrimitives.ReadUInt32LittleEndian(keyword) | 0x20202020u) switch
        {
            PackedSize => SeenSize,
            PackedBody => SeenBody,
            PackedAuth => SeenAuth,
            _ => 0,
        },
        8 when Ascii.EqualsIgnoreCase(keyword, "SMTPUTF8"u8) => SeenSmtpUtf8,
        10 when Ascii.EqualsIgnoreCase(keyword, "REQUIRETLS"u8) => SeenRequireTls,
        3 when Ascii.EqualsIgnoreCase(keyword, "RET"u8) => SeenRet,
        5 when Ascii.EqualsIgnoreCase(keyword, "ENVID"u8) => SeenEnvId,
        _ => 0,
    };

    // RFC 1870 6: size-value = 1*20DIGIT.
    private static CommandError ParseSize(ReadOnlySpan<byte> value, ref MailParameters parameters)
    {
        if (!DecimalNumber.TryParse(value, out long size))
        {
            return CommandError.BadNumber;
        }

        parameters.Size = size;
        return CommandError.None;
    }

    // RFC 6152 2 and RFC 3030 3: BODY=7BIT / 8BITMIME / BINARYMIME.
    private static CommandError ParseBody(ReadOnlySpan<byte> value, ref MailParameters parameters)
    {
        BodyType body = value.Length switch
        {
            4 when Ascii.EqualsIgnoreCase(value, "7BIT"u8) => BodyType.SevenBit,
            8 when Ascii.EqualsIgnoreCase(value, "8BITMIME"u8) => BodyType.EightBitMime,
            10 when Ascii.EqualsIgnoreCase(value, "BINARYMIME"u8) => BodyType.BinaryMime,
            _ => BodyType.Unspecified,
        };
        parameters.Body = body;
        return body == BodyType.Unspecified ? CommandError.UnsupportedParameterValue : CommandError.None;
    }

    private static CommandError SetSmtpUtf8(ref MailParameters parameters)
    {
        parameters.SmtpUtf8 = true;
        return CommandError.None;
    }

    private static CommandError SetRequireTls(ref MailParameters parameters)
    {
        parameters.RequireTls = true;
        return CommandError.None;
    }

    // RFC 3461 4.3: RET=FULL / HDRS.
    private static CommandError ParseRet(ReadOnlySpan<byte> value, ref MailParameters parameters)
    {
        DsnReturn ret = value.Length == 4 && Ascii.EqualsIgnoreCase(value, "FULL"u8) ? DsnReturn.Full
            : value.Length == 4 && Ascii.EqualsIgnoreCase(value, "HDRS"u8) ? DsnReturn.Headers
            : DsnReturn.Unspecified;
        parameters.Ret = ret;
        return ret == DsnReturn.Unspecified ? CommandError.UnsupportedParameterValue : CommandError.None;
    }

    // RFC 3461 4.4: ENVID=xtext, at most 100 characters.
    private static CommandError ParseEnvId(ReadOnlySpan<byte> value, ref MailParameters parameters)
    {
        if (value.Length > MaxEnvIdLength || !XText.IsValid(value))
        {
            return CommandError.BadParameter;
        }

        parameters.EnvId = value;
        return CommandError.None;
    }

    // RFC 4954 5: AUTH=xtext / "<>".
    private static CommandError ParseAuth(ReadOnlySpan<byte> value, ref MailParameters parameters)
    {
        if (!value.SequenceEqual("<>"u8) && !XText.IsValid(value))
        {
            return CommandError.BadParameter;
        }

        parameters.Auth = value;
        return CommandError.None;
    }

    // RFC 3461 4.1: NOTIFY=NEVER / 1#(SUCCESS / FAILURE / DELAY).
    private static CommandError ParseNotify(ReadOnlySpan<byte> value, ref RcptParameters parameters)
    {
        if (value.Length == 5 && Ascii.EqualsIgnoreCase(value, "NEVER"u8))
        {
            parameters.Notify = DsnNotify.Never;
            return CommandError.None;
        }

        DsnNotify notify = DsnNotify.Unspecified;
        while (true)
        {
            int comma = value.IndexOf((byte)',');
            ReadOnlySpan<byte> item = comma < 0 ? value : value[..comma];
            DsnNotify flag = item.Length switch
            {
                7 when Ascii.EqualsIgnoreCase(item, "SUCCESS"u8) => DsnNotify.Success,
                7 when Ascii.EqualsIgnoreCase(item, "FAILURE"u8) => DsnNotify.Failure,
                5 when Ascii.EqualsIgnoreCase(item, "DELAY"u8) => DsnNotify.Delay,
                _ => DsnNotify.Unspecified,
            };

            // Covers NEVER inside a list, empty items and unknown words alike.
            if (flag == DsnNotify.Unspecified)
            {
                return CommandError.UnsupportedParameterValue;
            }

            notify |= flag;
            if (comma < 0)
            {
                parameters.Notify = notify;
                return CommandError.None;
            }

            value = value[(comma + 1)..];
        }
    }

    // RFC 3461 4.2: ORCPT=addr-type ";" xtext, at most 500 characters; addr-type is an atom.
    private static CommandError ParseORcpt(ReadOnlySpan<byte> value, ref RcptParameters parameters)
    {
        int semicolon = value.IndexOf((byte)';');
        if (value.Length > MaxORcptLength
            || semicolon <= 0
            || semicolon == value.Length - 1
            || value[..semicolon].ContainsAnyExcept(SmtpChars.Atext)
            || !XText.IsValid(value[(semicolon + 1)..]))
        {
            return CommandError.BadParameter;
        }

        parameters.ORcpt = value;
        return CommandError.None;
    }
}
