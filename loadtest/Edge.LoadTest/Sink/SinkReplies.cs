// SinkReplies: every reply the sink sends, pre-encoded. EHLO advertises what a backend MTA behind Edge is expected to
// offer: PIPELINING (RFC 2920), 8BITMIME (RFC 6152), ENHANCEDSTATUSCODES (RFC 2034) and XFORWARD (Postfix), so the
// gateway's relay takes its fast paths against the sink.
namespace Edge.LoadTest.Sink;

/// <summary>Pre-encoded replies of the sink.</summary>
internal static class SinkReplies
{
    public static ReadOnlyMemory<byte> Greeting { get; } = "220 edge-load-sink ESMTP\r\n"u8.ToArray();

    public static ReadOnlySpan<byte> Ehlo => "250-edge-load-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT\r\n"u8;

    public static ReadOnlySpan<byte> Helo => "250 edge-load-sink\r\n"u8;

    public static ReadOnlySpan<byte> Ok => "250 2.0.0 Ok\r\n"u8;

    public static ReadOnlySpan<byte> StartData => "354 End data with <CR><LF>.<CR><LF>\r\n"u8;

    public static ReadOnlySpan<byte> Queued => "250 2.0.0 Ok: queued\r\n"u8;

    public static ReadOnlySpan<byte> Bye => "221 2.0.0 Bye\r\n"u8;

    public static ReadOnlySpan<byte> Unrecognized => "502 5.5.2 Command not recognized\r\n"u8;

    public static ReadOnlySpan<byte> LineTooLong => "500 5.5.2 Line too long\r\n"u8;
}
