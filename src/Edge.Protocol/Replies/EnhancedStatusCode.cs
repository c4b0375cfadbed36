// EnhancedStatusCode: syntax check of RFC 3463 enhanced status codes against the reply class they go with.
namespace Edge.Protocol.Replies;

/// <summary>RFC 3463 2: <c>class "." subject "." detail</c>, class 2/4/5, subject 1–3 digits, detail 1–3 digits.</summary>
public static class EnhancedStatusCode
{
    /// <summary>True when <paramref name="status"/> is well formed and its class matches the reply code's first digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> status, int replyCode)
    {
        if (status.Length < 5 || status[1] != '.')
        {
            return false;
        }

        var cls = status[0] - '0';
        if (cls is not (2 or 4 or 5) || cls != replyCode / 100)
        {
            return false;
        }

        var rest = status[2..];
        var dot = rest.IndexOf('.');
        if (dot is < 1 or > 3)
        {
            return false;
        }

        var detail = rest[(dot + 1)..];
        return detail.Length is >= 1 and <= 3 && AllDigits(rest[..dot]) && AllDigits(detail);
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
