// BdatFramer: RFC 3030 CHUNKING. "BDAT <n> [LAST]" is followed by exactly n octets: no stuffing, no terminator.
// Takes exactly the announced octets, never one more, and still checks line ends across chunk boundaries (a CR ending
// one chunk and an LF starting the next is one CRLF), so content relayed as DATA to a backend is canonical with
// Normalize, or the violation is reported with Reject. No allocation.
using System.Buffers;
using static Edge.Protocol.Framing.FramingBytes;

namespace Edge.Protocol.Framing;

/// <summary>Streaming BDAT decoder: exact chunk sizes, bare CR/LF detection across chunks.</summary>
public struct BdatFramer
{
    private readonly BareLineEndingHandling _handling;
    private long _remaining;
    private bool _last;
    private bool _pendingCr;   // the last octet taken was a CR (already written); the next octet decides
    private DataViolations _violations;
    private long _lineLength;
    private long _contentLength;

    /// <summary>Creates a framer for one message; call <see cref="BeginChunk"/> for each BDAT command.</summary>
    public BdatFramer(BareLineEndingHandling handling)
    {
        _handling = handling;
    }

    /// <summary>Octets the current chunk still expects.</summary>
    public readonly long Remaining => _remaining;

    /// <summary>True when the current chunk was announced with LAST.</summary>
    public readonly bool IsLastChunk => _last;

    /// <summary>Octets of content produced over all chunks of this message (after normalisation).</summary>
    public readonly long ContentLength => _contentLength;

    /// <summary>Violations found so far in this message.</summary>
    public readonly DataViolations Violations => _violations;

    /// <summary>The bare line ending policy this framer applies.</summary>
    public readonly BareLineEndingHandling Handling => _handling;

    /// <summary>Starts a chunk of <paramref name="size"/> octets (RFC 3030 2: "BDAT 0 LAST" is allowed).</summary>
    public void BeginChunk(long size, bool last)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _remaining = size;
        _last = last;
    }

    /// <summary>
    /// Takes up to <see cref="Remaining"/> octets from <paramref name="input"/> into <paramref name="content"/> (may be
    /// null). Returns <see cref="BdatFramerStatus.ChunkComplete"/> once the chunk is whole; the reader is then just after it.
    /// </summary>
    public BdatFramerStatus Advance(ref SequenceReader<byte> input, IBufferWriter<byte>? content)
    {
        // SECURITY: never takes more than the announced size; what follows is the next command.
        while (_remaining > 0 && !input.End)
        {
            ReadOnlySpan<byte> span = input.UnreadSpan;
            if (span.Length > _remaining)
            {
                span = span[..(int)_remaining];
            }

            Scan(span, content);
            input.Advance(span.Length);
            _remaining -= span.Length;
        }

        if (_remaining > 0)
        {
            return BdatFramerStatus.NeedMoreData;
        }

        if (_last && _pendingCr)
        {
            // SECURITY: a CR that ends the last chunk has no LF to come: it is bare.
            _pendingCr = false;
            BareCr(content);
        }

        return BdatFramerStatus.ChunkComplete;
    }

    /// <summary>Prepares for the next message (keeps the handling policy).</summary>
    public void Reset()
    {
        _remaining = 0;
        _last = false;
        _pendingCr = false;
        _violations = DataViolations.None;
        _lineLength = 0;
        _contentLength = 0;
    }

    private void Scan(ReadOnlySpan<byte> span, IBufferWriter<byte>? content)
    {
        int i = 0;
        int runStart = 0;
        if (_pendingCr)
        {
            _pendingCr = false;
            if (span[0] == Lf)
            {
                i = 1;
            }
            else
            {
                BareCr(content);
            }
        }

        bool normalize = _handling == BareLineEndingHandling.Normalize;
        long lineLength = _lineLength;
        while (i < span.Length)
        {
            // SECURITY: every CR and LF is looked at, across segment and chunk boundaries.
            int found = span[i..].IndexOfAny(Specials);
            if (found < 0)
            {
                lineLength += span.Length - i;
                break;
            }

            lineLength += found;
            i += found;
            byte b = span[i];
            i++;
            if (b == Nul)
            {
                _violations |= DataViolations.Nul;
                lineLength++;
                continue;
            }

            if (lineLength > MaxLineContent)
            {
                _violations |= DataViolations.LongLine;
            }

            lineLength = 0;
            if (b == Lf)
            {
                // SECURITY: bare LF (RFC 5321 2.3.8).
                _violations |= DataViolations.BareLf;
                if (normalize)
                {
                    Emit(content, span[runStart..(i - 1)]);
                    Emit(content, "\r"u8);
                    runStart = i - 1;
                }
            }
            else if (i == span.Length)
            {
                _pendingCr = true;
            }
            else if (span[i] == Lf)
            {
                i++;
            }
            else
            {
                _violations |= DataViolations.BareCr;
                if (normalize)
                {
                    Emit(content, span[runStart..i]);
                    Emit(content, "\n"u8);
                    runStart = i;
                }
            }
        }

        if (lineLength > MaxLineContent)
        {
            _violations |= DataViolations.LongLine;
        }

        _lineLength = lineLength;
        Emit(content, span[runStart..]);
    }

    // SECURITY: bare CR (RFC 5321 2.3.8); the CR itself has already been written.
    private void BareCr(IBufferWriter<byte>? content)
    {
        _violations |= DataViolations.BareCr;
        if (_handling == BareLineEndingHandling.Normalize)
        {
            Emit(content, "\n"u8);
        }
    }

    private void Emit(IBufferWriter<byte>? content, ReadOnlySpan<byte> bytes)
    {
        _contentLength += bytes.Length;
        Write(content, bytes);
    }
}
