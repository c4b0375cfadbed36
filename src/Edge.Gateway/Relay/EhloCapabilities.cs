// EhloCapabilities: reads a backend's EHLO reply (RFC 5321 4.1.1.1: one keyword and its parameters per line after
// the first) into BackendCapabilities and the XFORWARD attribute list. Unknown keywords are ignored.
namespace Edge.Gateway.Relay;

/// <summary>Parses the extension lines of an EHLO reply.</summary>
internal static class EhloCapabilities
{
    public static BackendCapabilities Parse(BackendReply reply, out XForwardAttributes xforward) => Parse(reply, out xforward, out _);

    /// <summary>Also the XCLIENT attribute list (Postfix XCLIENT_README), in the same flags.</summary>
    public static BackendCapabilities Parse(BackendReply reply, out XForwardAttributes xforward, out XForwardAttributes xclient)
    {
        var caps = BackendCapabilities.None;
        xforward = XForwardAttributes.None;
        xclient = XForwardAttributes.None;
        for (var i = 1; i < reply.LineCount; i++)
        {
            var text = reply.Text(i);
            var space = text.IndexOf((byte)' ');
            var keyword = space < 0 ? text : text[..space];
            var parameters = space < 0 ? [] : text[(space + 1)..];
            if (keyword.Length > 5 && Ascii.EqualsIgnoreCase(keyword[..5], "AUTH="u8))
            {
                caps |= BackendCapabilities.Auth; // pre-RFC 4954 spelling, still sent by some MTAs
                continue;
            }

            var found = Keyword(keyword);
            caps |= found;
            if (found == BackendCapabilities.XForward)
            {
                xforward = ParseXForward(parameters);
            }
            else if (found == BackendCapabilities.XClient)
            {
                xclient = ParseXForward(parameters);
            }
        }

        return caps;
    }

    private static BackendCapabilities Keyword(ReadOnlySpan<byte> k)
    {
        if (Ascii.EqualsIgnoreCase(k, "PIPELINING"u8)) { return BackendCapabilities.Pipelining; }
        if (Ascii.EqualsIgnoreCase(k, "SIZE"u8)) { return BackendCapabilities.Size; }
        if (Ascii.EqualsIgnoreCase(k, "8BITMIME"u8)) { return BackendCapabilities.EightBitMime; }
        if (Ascii.EqualsIgnoreCase(k, "SMTPUTF8"u8)) { return BackendCapabilities.SmtpUtf8; }
        if (Ascii.EqualsIgnoreCase(k, "CHUNKING"u8)) { return BackendCapabilities.Chunking; }
        if (Ascii.EqualsIgnoreCase(k, "DSN"u8)) { return BackendCapabilities.Dsn; }
        if (Ascii.EqualsIgnoreCase(k, "STARTTLS"u8)) { return BackendCapabilities.StartTls; }
        if (Ascii.EqualsIgnoreCase(k, "XFORWARD"u8)) { return BackendCapabilities.XForward; }
        if (Ascii.EqualsIgnoreCase(k, "XCLIENT"u8)) { return BackendCapabilities.XClient; }
        if (Ascii.EqualsIgnoreCase(k, "ENHANCEDSTATUSCODES"u8)) { return BackendCapabilities.EnhancedStatusCodes; }
        if (Ascii.EqualsIgnoreCase(k, "AUTH"u8)) { return BackendCapabilities.Auth; }
        if (Ascii.EqualsIgnoreCase(k, "REQUIRETLS"u8)) { return BackendCapabilities.RequireTls; }
        return BackendCapabilities.None;
    }

    private static XForwardAttributes ParseXForward(ReadOnlySpan<byte> parameters)
    {
        var result = XForwardAttributes.None;
        while (!parameters.IsEmpty)
        {
            var space = parameters.IndexOf((byte)' ');
            var name = space < 0 ? parameters : parameters[..space];
            parameters = space < 0 ? [] : parameters[(space + 1)..];
            if (Ascii.EqualsIgnoreCase(name, "NAME"u8)) { result |= XForwardAttributes.Name; }
            else if (Ascii.EqualsIgnoreCase(name, "ADDR"u8)) { result |= XForwardAttributes.Addr; }
            else if (Ascii.EqualsIgnoreCase(name, "PORT"u8)) { result |= XForwardAttributes.Port; }
            else if (Ascii.EqualsIgnoreCase(name, "PROTO"u8)) { result |= XForwardAttributes.Proto; }
            else if (Ascii.EqualsIgnoreCase(name, "HELO"u8)) { result |= XForwardAttributes.Helo; }
            else if (Ascii.EqualsIgnoreCase(name, "LOGIN"u8)) { result |= XForwardAttributes.Login; }
        }

        return result;
    }
}
