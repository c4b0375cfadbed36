// DotStuffer: the backend leg of DATA (RFC 5321 4.5.2). Writes unstuffed content as canonical CRLF lines, doubling a
// leading '.', and ends the message with ".\r\n". SECURITY: whatever the content holds (bare CR, bare LF, "." lines),
// the output has no bare line end and no <CR><LF>.<CR><LF> before the one Complete writes. No allocation.
using System.Buffers;
using static Edge.Protocol.Framing.FramingBytes;

namespace Edge.Protocol.Framing;

/// <summary>Streaming DATA encoder: canonical CRLF line ends and dot-stuffing.</summary>
public struct DotStuffer
{
    private bool _midLine;     // false at a line start (the DATA command's CRLF is the first one)
    private bool _pendingCr;   // the last octet written was a CR whose LF may come in the next call
    private long _bytesWritten;

    /// <summary>Octets written to the output so far, terminator included once <see cref="Complete"/> has run.</summary>
    public readonly long BytesWritten => _bytesWritten;

    /// <summary>Writes <paramref name="content"/> stuffed and canonical.</summary>
    public void Write(ReadOnlySpan<byte> content, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int i = 0;
        int runStart = 0;
        if (_pendingCr && !content.IsEmpty)
        {
            _pendingCr = false;
            if (content[0] == Lf)
            {
                i = 1;
            }
            else
            {
                // SECURITY: a CR not followed by LF becomes CRLF (the CR is already out).
                Emit(output, "\n"u8);
            }
        }

        while (i < content.Length)
        {
            if (!_midLine)
            {
                _midLine = true;
                if (content[i] == Dot)
                {
                    // SECURITY: RFC 5321 4.5.2 transparency; a "." line can never end the backend's DATA.
                    Emit(output, content[runStart..i]);
                    Emit(output, "."u8);
                    runStart = i;
                }
            }

            int found = content[i..].IndexOfAny(LineEnds);
            if (found < 0)
            {
                break;
            }

            i += found;
            _midLine = false;
            if (content[i] == Lf)
            {
                // SECURITY: bare LF becomes CRLF.
                Emit(output, content[runStart..i]);
                Emit(output, "\r"u8);
                runStart = i;
                i++;
                continue;
            }

            i++;
            if (i == content.Length)
            {
                _pendingCr = true;
            }
            else if (content[i] == Lf)
            {
                i++;
            }
            else
            {
                // SECURITY: bare CR becomes CRLF.
                Emit(output, content[runStart..i]);
                Emit(output, "\n"u8);
                runStart = i;
            }
        }

        Emit(output, content[runStart..]);
    }

    /// <summary>Writes every segment of <paramref name="content"/> stuffed and canonical.</summary>
    public void Write(in ReadOnlySequence<byte> content, IBufferWriter<byte> output)
    {
        if (content.IsSingleSegment)
        {
            Write(content.FirstSpan, output);
            return;
        }

        foreach (ReadOnlyMemory<byte> segment in content)
        {
            Write(segment.Span, output);
        }
    }

    /// <summary>Ends the message: CRLF if the content did not end with one (empty content needs none), then ".\r\n".</summary>
    public void Complete(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_pendingCr)
        {
            Emit(output, "\n"u8);
        }
        else if (_midLine)
        {
            Emit(output, CrLf);
        }

        Emit(output, ".\r\n"u8);
        _pendingCr = false;
        _midLine = false;
    }

    /// <summary>Prepares for the next message.</summary>
    public void Reset()
    {
        _midLine = false;
        _pendingCr = false;
        _bytesWritten = 0;
    }

    private void Emit(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        _bytesWritten += bytes.Length;
        FramingBytes.Write(output, bytes);
    }
}
