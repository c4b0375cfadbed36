// ReplyWriter: writes replies into an IBufferWriter<byte> (the connection's PipeWriter) without allocating.
// Used for replies whose text is only known at run time (BDAT octet counts, a sink's queue id).
using System.Buffers;
using System.Buffers.Text;

namespace Edge.Protocol.Replies;

/// <summary>Encodes replies directly into an output buffer.</summary>
public static class ReplyWriter
{
    /// <summary>Copies a pre-encoded reply.</summary>
    public static void Write(IBufferWriter<byte> output, SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(reply);
        output.Write(reply.Span);
    }

    /// <summary>
    /// Writes one reply line <c>code[-| ]status text CRLF</c>. <paramref name="text"/> must not contain CR or LF
    /// (callers passing text from elsewhere sanitise it first with <see cref="SanitizeText"/>).
    /// </summary>
    public static void WriteLine(IBufferWriter<byte> output, int code, ReadOnlySpan<byte> enhancedStatus, ReadOnlySpan<byte> text, bool last = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        var length = 4 + (enhancedStatus.IsEmpty ? 0 : enhancedStatus.Length + 1) + text.Length + 2;
        var span = output.GetSpan(length);
        WriteCode(span, code);
        span[3] = last ? (byte)' ' : (byte)'-';
        var at = 4;
        if (!enhancedStatus.IsEmpty)
        {
            enhancedStatus.CopyTo(span[at..]);
            at += enhancedStatus.Length;
            span[at++] = (byte)' ';
        }

        text.CopyTo(span[at..]);
        at += text.Length;
        span[at++] = (byte)'\r';
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    /// <summary>Writes <c>250 2.0.0 {count} octets received</c> (RFC 3030 2, the reply to a non-LAST BDAT chunk).</summary>
    public static void WriteChunkAccepted(IBufferWriter<byte> output, long octets)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(64);
        "250 2.0.0 "u8.CopyTo(span);
        var at = 10;
        Utf8Formatter.TryFormat(octets, span[at..], out var written);
        at += written;
        " octets received\r\n"u8.CopyTo(span[at..]);
        at += 18;
        output.Advance(at);
    }

    /// <summary>
    /// SECURITY: replaces every byte outside printable ASCII (and CR/LF) by '?', in place, so text that came from
    /// elsewhere (a backend's reply) can never end a reply line early or inject one.
    /// </summary>
    public static void SanitizeText(Span<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is < 0x20 or > 0x7E)
            {
                text[i] = (byte)'?';
            }
        }
    }

    private static void WriteCode(Span<byte> span, int code)
    {
        span[0] = (byte)('0' + (code / 100));
        span[1] = (byte)('0' + (code / 10 % 10));
        span[2] = (byte)('0' + (code % 10));
    }
}
