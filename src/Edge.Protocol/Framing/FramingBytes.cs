// FramingBytes: the octets and searches shared by the framers, and the one place content is written.
// Writing goes through GetSpan()/Advance in as few pieces as the writer allows; nothing is allocated here.
using System.Buffers;

namespace Edge.Protocol.Framing;

internal static class FramingBytes
{
    public const byte Cr = (byte)'\r';
    public const byte Lf = (byte)'\n';
    public const byte Dot = (byte)'.';
    public const byte Nul = 0;

    /// <summary>RFC 5321 4.5.3.1.6: 1000 octets including CRLF, so 998 octets of text.</summary>
    public const int MaxLineContent = SmtpLimits.MaxTextLineLength - 2;

    /// <summary>The octets a framer must look at: every CR and LF (SECURITY: no line end goes unseen) and NUL.</summary>
    public static readonly SearchValues<byte> Specials = SearchValues.Create([Cr, Lf, Nul]);

    /// <summary>The octets the stuffer must look at.</summary>
    public static readonly SearchValues<byte> LineEnds = SearchValues.Create([Cr, Lf]);

    public static ReadOnlySpan<byte> CrLf => "\r\n"u8;

    /// <summary>Copies <paramref name="source"/> to <paramref name="writer"/> (if any) with one copy per buffer the writer hands out.</summary>
    public static void Write(IBufferWriter<byte>? writer, ReadOnlySpan<byte> source)
    {
        if (writer is null || source.IsEmpty)
        {
            return;
        }

        Span<byte> destination = writer.GetSpan();
        if (source.Length <= destination.Length)
        {
            source.CopyTo(destination);
            writer.Advance(source.Length);
            return;
        }

        while (!source.IsEmpty)
        {
            int n = Math.Min(source.Length, destination.Length);
            source[..n].CopyTo(destination);
            writer.Advance(n);
            source = source[n..];
            if (!source.IsEmpty)
            {
                destination = writer.GetSpan(Math.Min(source.Length, 4096));
            }
        }
    }
}
