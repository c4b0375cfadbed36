// XText: RFC 3461 4 xtext = *( xchar / hexchar ), the encoding of ENVID, ORCPT and AUTH= (RFC 4954 5) values.
// Validated only; values stay encoded slices of the line, decoded (if ever) by whoever needs them.
namespace Edge.Protocol.Parsing;

/// <summary>xtext syntax check.</summary>
internal static class XText
{
    /// <summary>True when every octet is an xchar or a '+' followed by two upper-case hex digits.</summary>
    public static bool IsValid(ReadOnlySpan<byte> text)
    {
        while (true)
        {
            int other = text.IndexOfAnyExcept(SmtpChars.Xchar);
            if (other < 0)
            {
                return true;
            }

            if (text[other] != (byte)'+'
                || other + 2 >= text.Length
                || !SmtpChars.UpperHex.Contains(text[other + 1])
                || !SmtpChars.UpperHex.Contains(text[other + 2]))
            {
                return false;
            }

            text = text[(other + 3)..];
        }
    }
}
