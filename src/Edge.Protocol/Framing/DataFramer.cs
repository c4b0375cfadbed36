// DataFramer: RFC 5321 4.1.1.4 / 4.5.2 DATA framing. Ends ONLY at <CR><LF>.<CR><LF>, removes dot-stuffing,
// reports every bare CR, bare LF, smuggling-shaped "." line, NUL and over-long line, and writes the content
// (canonical CRLF with Normalize, as received with Reject) to an IBufferWriter. Streaming: state carries
// across calls and segments; no allocation. The CRLF ending the DATA command line counts as the first line start.
using System.Buffers;
using static Edge.Protocol.Framing.FramingBytes;

namespace Edge.Protocol.Framing;

/// <summary>Streaming DATA decoder: end of data, dot-unstuffing, bare CR/LF detection.</summary>
public struct DataFramer
{
    // Line model: the content is a sequence of lines, each ended by CRLF, a bare CR or a bare LF. A line that starts
    // with '.' loses that dot (RFC 5321 4.5.2), except the line that is exactly "." which ends the data when, and
    // only when, both the line end before it and its own line end are CRLF.
    private enum State : byte
    {
        LineStart = 0,        // after a CRLF (or at the start of DATA)
        LineStartAfterBare,   // after a bare CR or bare LF
        InLine,
        AfterCr,              // a CR was written at the end of the last span; the next octet tells CRLF from bare CR
        Dot,                  // a '.' at a line start after CRLF, held back
        DotAfterBare,         // a '.' at a line start after a bare line end, held back
        DotCr,                // CRLF "." CR, held back: an LF now ends the data
        DotCrAfterBare,       // bare "." CR, held back: never an end
        Ended,
    }

    private readonly BareLineEndingHandling _handling;
    private State _state;
    private DataViolations _violations;
    private long _lineLength;
    private long _contentLength;

    /// <summary>Creates a framer positioned at the start of a message (just after the DATA command's CRLF).</summary>
    public DataFramer(BareLineEndingHandling handling)
    {
        _handling = handling;
    }

    /// <summary>Octets of content produced so far (after unstuffing and normalisation): what SIZE is enforced against.</summary>
    public readonly long ContentLength => _contentLength;

    /// <summary>Violations found so far in this message.</summary>
    public readonly DataViolations Violations => _violations;

    /// <summary>The bare line ending policy this framer applies.</summary>
    public readonly BareLineEndingHandling Handling => _handling;

    /// <summary>True once the terminating CRLF.CRLF has been consumed (until <see cref="Reset"/>).</summary>
    public readonly bool IsComplete => _state == State.Ended;

    /// <summary>
    /// Consumes all of <paramref name="input"/> unless the end of data is inside it, in which case the reader is left just
    /// after the terminating CRLF.CRLF. Content (dot-unstuffed) goes to <paramref name="content"/> when it is not null.
    /// </summary>
    public DataFramerStatus Advance(ref SequenceReader<byte> input, IBufferWriter<byte>? content)
    {
        while (_state != State.Ended && !input.End)
        {
            ReadOnlySpan<byte> span = input.UnreadSpan;
            input.Advance(Scan(span, content));
        }

        return _state == State.Ended ? DataFramerStatus.EndOfData : DataFramerStatus.NeedMoreData;
    }

    /// <summary>Prepares for the next message (keeps the handling policy).</summary>
    public void Reset()
    {
        _state = State.LineStart;
        _violations = DataViolations.None;
        _lineLength = 0;
        _contentLength = 0;
    }

    // Returns how many octets of span were consumed: all of them unless the end of data was found.
    // Content is copied in runs: [runStart, i) is content identical to the input, flushed only where the output differs
    // from the input (a removed dot, a normalised line end) and at the end of the span.
    private int Scan(ReadOnlySpan<byte> span, IBufferWriter<byte>? content)
    {
        State state = _state;
        DataViolations violations = _violations;
        long lineLength = _lineLength;
        bool normalize = _handling == BareLineEndingHandling.Normalize;
        int i = 0;
        int runStart = 0;

        while (i < span.Length && state != State.Ended)
        {
            switch (state)
            {
                case State.InLine:
                {
                    // SECURITY: every CR and LF is found (vectorised search), so no bare line end slips through.
                    int found = span[i..].IndexOfAny(Specials);
                    if (found < 0)
                    {
                        lineLength += span.Length - i;
                        i = span.Length;
                        break;
                    }

                    lineLength += found;
                    i += found;
                    byte b = span[i];
                    if (b == Nul)
                    {
                        violations |= DataViolations.Nul;
                        lineLength++;
                        i++;
                        break;
                    }

                    if (lineLength > MaxLineContent)
                    {
                        violations |= DataViolations.LongLine;
                    }

                    lineLength = 0;
                    i++;
                    if (b == Cr)
                    {
                        if (i == span.Length)
                        {
                            state = State.AfterCr;
                        }
                        else if (span[i] == Lf)
                        {
                            i++;

                            // Hot path: the next line starts with an ordinary octet, stay in the run.
                            state = i < span.Length && span[i] != Dot ? State.InLine : State.LineStart;
                        }
                        else
                        {
                            // SECURITY: bare CR (RFC 5321 2.3.8); a backend may read it as a line end.
                            violations |= DataViolations.BareCr;
                            if (normalize)
                            {
                                Emit(content, span[runStart..i]);
                                Emit(content, "\n"u8);
                                runStart = i;
                            }

                            state = State.LineStartAfterBare;
                        }
                    }
                    else
                    {
                        // SECURITY: bare LF (RFC 5321 2.3.8); many MTAs read it as a line end.
                        violations |= DataViolations.BareLf;
                        if (normalize)
                        {
                            Emit(content, span[runStart..(i - 1)]);
                            Emit(content, "\r"u8);
                            runStart = i - 1;
                        }

                        state = State.LineStartAfterBare;
                    }

                    break;
                }

                case State.LineStart:
                case State.LineStartAfterBare:
                    if (span[i] == Dot)
                    {
                        // Hold the dot back: it is stuffing, or part of a terminator, or a smuggled "." line.
                        Emit(content, span[runStart..i]);
                        i++;
                        runStart = i;
                        state = state == State.LineStart ? State.Dot : State.DotAfterBare;
                    }
                    else
                    {
                        state = State.InLine;
                    }

                    break;

                case State.AfterCr:
                    if (span[i] == Lf)
                    {
                        i++;
                        state = State.LineStart;
                    }
                    else
                    {
                        // SECURITY: bare CR found at a span boundary; the CR itself was already written.
                        violations |= DataViolations.BareCr;
                        if (normalize)
                        {
                            Emit(content, span[runStart..i]);
                            Emit(content, "\n"u8);
                            runStart = i;
                        }

                        state = State.LineStartAfterBare;
                    }

                    break;

                case State.Dot:
                case State.DotAfterBare:
                {
                    byte b = span[i];
                    if (b == Cr)
                    {
                        i++;
                        runStart = i;
                        state = state == State.Dot ? State.DotCr : State.DotCrAfterBare;
                    }
                    else if (b == Lf)
                    {
                        // SECURITY: "." ended by a bare LF (<LF>.<LF>, <CR><LF>.<LF>): an end of data for lenient
                        // MTAs, never for us. It stays in the content as a literal "." line (stuffed again on relay).
                        violations |= DataViolations.SmugglingShape | DataViolations.BareLf;
                        Emit(content, normalize ? ".\r\n"u8 : ".\n"u8);
                        i++;
                        runStart = i;
                        state = State.LineStartAfterBare;
                    }
                    else
                    {
                        // RFC 5321 4.5.2: a line starting with '.' and not just "." loses that dot (already skipped).
                        state = State.InLine;
                    }

                    break;
                }

                default: // State.DotCr, State.DotCrAfterBare
                    if (span[i] == Lf)
                    {
                        i++;
                        runStart = i;
                        if (state == State.DotCr)
                        {
                            // SECURITY: the only end of data: <CR><LF>.<CR><LF> (RFC 5321 4.1.1.4).
                            state = State.Ended;
                        }
                        else
                        {
                            // SECURITY: <LF>.<CR><LF> or <CR>.<CR><LF>: a bare line end before the dot, not an end.
                            violations |= DataViolations.SmugglingShape;
                            Emit(content, ".\r\n"u8);
                            state = State.LineStart;
                        }
                    }
                    else
                    {
                        // SECURITY: "." ended by a bare CR (<CR>.<CR>, <CR><LF>.<CR>, <LF>.<CR>): not an end.
                        violations |= DataViolations.SmugglingShape | DataViolations.BareCr;
                        Emit(content, normalize ? ".\r\n"u8 : ".\r"u8);
                        runStart = i;
                        state = State.LineStartAfterBare;
                    }

                    break;
            }
        }

        if (lineLength > MaxLineContent)
        {
            violations |= DataViolations.LongLine;
        }

        Emit(content, span[runStart..i]);
        _state = state;
        _violations = violations;
        _lineLength = lineLength;
        return i;
    }

    private void Emit(IBufferWriter<byte>? content, ReadOnlySpan<byte> bytes)
    {
        _contentLength += bytes.Length;
        Write(content, bytes);
    }
}
