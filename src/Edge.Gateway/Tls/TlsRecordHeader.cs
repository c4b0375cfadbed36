// TlsRecordHeader: where a TLS record ends, read from its 5-octet plaintext header (RFC 8446 5.1: content type,
// legacy version, length). PipeStream and TlsInputPump use it to hand SslStream one record at a time and to wait
// for a whole record without decrypting anything.
using System.Buffers;
using System.Buffers.Binary;

namespace Edge.Gateway.Tls;

/// <summary>TLS record framing as seen on the wire.</summary>
internal static class TlsRecordHeader
{
    public const int Size = 5;

    // RFC 5246 6.2.3 bounds a TLS 1.2 record's payload by 2^14 + 2048 (RFC 8446 5.2: 2^14 + 256 for TLS 1.3).
    public const int MaxRecordSize = Size + (1 << 14) + 2048;

    /// <summary>Size of the record the sequence starts with, header included; false while fewer than 5 octets are there.</summary>
    public static bool TryGetRecordSize(in ReadOnlySequence<byte> data, out int size)
    {
        if (data.Length < Size)
        {
            size = 0;
            return false;
        }

        var first = data.FirstSpan;
        ushort length;
        if (first.Length >= Size)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(first[3..]);
        }
        else
        {
            Span<byte> header = stackalloc byte[Size];
            data.Slice(0, Size).CopyTo(header);
            length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        }

        size = Size + length;
        return true;
    }

    /// <summary>True when the sequence starts with a whole record, or with a header no valid record has (SslStream
    /// refuses it at once, so there is nothing to wait for).</summary>
    public static bool StartsWithWholeRecord(in ReadOnlySequence<byte> data) =>
        TryGetRecordSize(data, out var size) && (data.Length >= size || size > MaxRecordSize);
}
