// DecimalNumber: strict unsigned decimal parsing for SIZE (RFC 1870) and BDAT chunk sizes (RFC 3030).
// Digits only: no sign, no spaces, no leading '+', and overflow of long is an error rather than a wrap.
namespace Edge.Protocol.Parsing;

/// <summary>Parses 1*DIGIT into a non-negative long.</summary>
internal static class DecimalNumber
{
    /// <summary>True when <paramref name="digits"/> is one or more ASCII digits whose value fits a long.</summary>
    public static bool TryParse(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (byte b in digits)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return false;
            }

            // SECURITY: refuse rather than wrap, so a huge SIZE cannot pass a size check as a small number.
            if (value > (long.MaxValue - digit) / 10)
            {
                value = 0;
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
