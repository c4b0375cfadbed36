// MessageTemplate: the wire form of one load message (headers, body, terminating ".\r\n") built once per run, with
// fixed-width slots for a sequence number and, with --verify, the SHA-256 of the body. Stamp fills the slots in a
// session's own copy, so sending a message allocates nothing. The generated body has CRLF lines and no line
// starting with '.', so it needs no dot-stuffing (RFC 5321 4.5.2) and arrives at the sink byte for byte.
using System.Security.Cryptography;
using System.Text;

namespace Edge.LoadTest.Client;

/// <summary>A message with slots for a sequence number and a body hash.</summary>
internal sealed class MessageTemplate
{
    /// <summary>The header the sink looks for: X-Edge-Load-Hash: &lt;sha256 hex of the body&gt;.</summary>
    public const string HashHeaderName = "X-Edge-Load-Hash";

    private const int SeqDigits = 16;
    private const int HashHex = 64;
    private const int LineLength = 76;
    private const string SeqPlaceholder = "0000000000000000";
    private static readonly string HashPlaceholder = new('0', HashHex);

    private readonly byte[] _bytes;
    private readonly int[] _seqOffsets;
    private readonly int _hashOffset;
    private readonly int _bodyStart;
    private readonly int _bodyEnd;

    private MessageTemplate(byte[] bytes, int[] seqOffsets, int hashOffset, int bodyStart, int bodyEnd)
    {
        _bytes = bytes;
        _seqOffsets = seqOffsets;
        _hashOffset = hashOffset;
        _bodyStart = bodyStart;
        _bodyEnd = bodyEnd;
    }

    /// <summary>Octets on the wire, the terminating ".\r\n" included.</summary>
    public int Length => _bytes.Length;

    /// <summary>True when the template carries the hash header.</summary>
    public bool HasHash => _hashOffset >= 0;

    /// <summary>Builds a message of about <paramref name="size"/> octets (headers included, at least the headers).</summary>
    public static MessageTemplate Create(int size, string from, string to, bool withHash)
    {
        var text = new StringBuilder();
        var seqMarks = new List<int>();
        text.Append("From: <").Append(from).Append(">\r\n");
        text.Append("To: <").Append(to).Append(">\r\n");
        text.Append("Subject: edge load ");
        seqMarks.Add(text.Length);
        text.Append(SeqPlaceholder).Append("\r\n");
        text.Append("Message-ID: <");
        seqMarks.Add(text.Length);
        text.Append(SeqPlaceholder).Append("@edge-load.test>\r\n");
        text.Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n");
        int hashMark = -1;
        if (withHash)
        {
            text.Append(HashHeaderName).Append(": ");
            hashMark = text.Length;
            text.Append(HashPlaceholder).Append("\r\n");
        }

        text.Append("\r\n");
        int bodyStart = text.Length;
        text.Append("seq ");
        seqMarks.Add(text.Length);
        text.Append(SeqPlaceholder).Append("\r\n");

        // Filler lines: a rotating alphabet, never a leading '.', so no stuffing is needed.
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        int line = 0;
        while (text.Length + LineLength + 2 <= size)
        {
            for (int i = 0; i < LineLength; i++)
            {
                text.Append(alphabet[(line * 7 + i) % (alphabet.Length - 1)]);
            }

            text.Append("\r\n");
            line++;
        }

        int rest = size - text.Length - 2;
        if (rest >= 0)
        {
            text.Append('x', rest).Append("\r\n");
        }

        int bodyEnd = text.Length;
        text.Append(".\r\n");
        byte[] bytes = Encoding.ASCII.GetBytes(text.ToString());
        return new MessageTemplate(bytes, [.. seqMarks], hashMark, bodyStart, bodyEnd);
    }

    /// <summary>A session's own copy to stamp.</summary>
    public byte[] NewBuffer() => (byte[])_bytes.Clone();

    /// <summary>Writes <paramref name="sequence"/> into the slots of <paramref name="buffer"/> and, when the template has
    /// the header, the hash of the resulting body.</summary>
    public void Stamp(byte[] buffer, long sequence)
    {
        foreach (int offset in _seqOffsets)
        {
            WriteDigits(buffer.AsSpan(offset, SeqDigits), sequence);
        }

        if (_hashOffset >= 0)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(_bodyStart, _bodyEnd - _bodyStart), hash);
            WriteHex(hash, buffer.AsSpan(_hashOffset, HashHex));
        }
    }

    /// <summary>The body of a stamped buffer: what the sink hashes (after the blank line, up to the final CRLF).</summary>
    public ReadOnlySpan<byte> Body(byte[] buffer) => buffer.AsSpan(_bodyStart, _bodyEnd - _bodyStart);

    private static void WriteDigits(Span<byte> slot, long value)
    {
        for (int i = slot.Length - 1; i >= 0; i--)
        {
            slot[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void WriteHex(ReadOnlySpan<byte> bytes, Span<byte> slot)
    {
        ReadOnlySpan<byte> digits = "0123456789abcdef"u8;
        for (int i = 0; i < bytes.Length; i++)
        {
            slot[2 * i] = digits[bytes[i] >> 4];
            slot[(2 * i) + 1] = digits[bytes[i] & 0xF];
        }
    }
}
