// BodyHashWriter: the content sink of the DATA framer. Keeps the header section (bounded) until the blank line, finds
// X-Edge-Load-Hash in it, then streams the body through an incremental SHA-256; Finish compares. Nothing is stored
// beyond the headers, and nothing allocates per message: one scratch buffer, one header buffer, one hash per connection.
using System.Buffers;
using System.Security.Cryptography;

namespace Edge.LoadTest.Sink;

/// <summary>Receives unstuffed DATA content and checks the body hash.</summary>
internal sealed class BodyHashWriter : IBufferWriter<byte>, IDisposable
{
    // SECURITY: headers are kept only up to this size; a longer header section is not parsed (verdict NoHash).
    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly byte[] HeaderName = "X-Edge-Load-Hash:"u8.ToArray();

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _expected = new byte[32];
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private byte[] _headers = ArrayPool<byte>.Shared.Rent(4 * 1024);
    private int _headerLength;
    private bool _inBody;
    private bool _headersTooLong;
    private bool _hasExpected;
    private long _length;

    /// <summary>When false the content is only counted (no header search, no hashing).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Content octets of the current message.</summary>
    public long Length => _length;

    public void Advance(int count) => Consume(_scratch.AsSpan(0, count));

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureScratch(sizeHint);
        return _scratch;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureScratch(sizeHint);
        return _scratch;
    }

    /// <summary>Ends the message: the verdict, and the writer is ready for the next one.</summary>
    public HashVerdict Finish()
    {
        var verdict = HashVerdict.NoHash;
        if (Verify && _hasExpected)
        {
            if (!_inBody)
            {
                // No blank line: the whole content was headers; the body is empty.
                _hash.AppendData([]);
            }

            Span<byte> actual = stackalloc byte[32];
            _hash.GetHashAndReset(actual);
            verdict = actual.SequenceEqual(_expected) ? HashVerdict.Match : HashVerdict.Mismatch;
        }
        else
        {
            _hash.GetHashAndReset(stackalloc byte[32]);
        }

        _headerLength = 0;
        _inBody = false;
        _headersTooLong = false;
        _hasExpected = false;
        _length = 0;
        return verdict;
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_scratch);
        ArrayPool<byte>.Shared.Return(_headers);
        _scratch = _headers = [];
    }

    private void EnsureScratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
    }

    private void Consume(ReadOnlySpan<byte> content)
    {
        _length += content.Length;
        if (!Verify)
        {
            return;
        }

        if (_inBody)
        {
            _hash.AppendData(content);
            return;
        }

        if (_headersTooLong)
        {
            return;
        }

        if (_headerLength + content.Length > MaxHeaderBytes)
        {
            _headersTooLong = true;
            return;
        }

        if (_headerLength + content.Length > _headers.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_headers.Length * 2, _headerLength + content.Length));
            _headers.AsSpan(0, _headerLength).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_headers);
            _headers = larger;
        }

        int searchFrom = Math.Max(0, _headerLength - 3);
        content.CopyTo(_headers.AsSpan(_headerLength));
        _headerLength += content.Length;
        var all = _headers.AsSpan(0, _headerLength);
        int end;
        if (all.StartsWith("\r\n"u8))
        {
            end = 0; // no header section at all: the body starts after this CRLF
        }
        else
        {
            int found = all[searchFrom..].IndexOf("\r\n\r\n"u8);
            if (found < 0)
            {
                return;
            }

            end = searchFrom + found + 2;
        }

        _inBody = true;
        ParseHeaders(all[..end]);
        _hash.AppendData(all[(end + 2)..]);
    }

    private void ParseHeaders(ReadOnlySpan<byte> headers)
    {
        while (!headers.IsEmpty)
        {
            int lineEnd = headers.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? headers : headers[..lineEnd];
            headers = lineEnd < 0 ? [] : headers[(lineEnd + 2)..];
            if (line.Length >= HeaderName.Length && System.Text.Ascii.EqualsIgnoreCase(line[..HeaderName.Length], HeaderName))
            {
                _hasExpected = TryDecodeHex(line[HeaderName.Length..].Trim((byte)' '), _expected);
            }
        }
    }

    private static bool TryDecodeHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }

        for (int i = 0; i < destination.Length; i++)
        {
            int high = HexValue(hex[2 * i]);
            int low = HexValue(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
