// BackendReply: a backend's reply (RFC 5321 4.2), parsed from the backend connection's buffer and re-encoded for
// the client. SECURITY: the backend is not trusted: lines and line count are capped, every line must carry the same
// code, and the text is sanitised (ReplyWriter.SanitizeText) so it can never inject a line into the client's session.
// One instance per backend connection, reused for every reply; the bytes stay valid until the next command.
using Edge.Protocol.Replies;

namespace Edge.Gateway.Relay;

/// <summary>The last reply read from a backend, re-encoded and sanitised.</summary>
internal sealed class BackendReply
{
    /// <summary>
    /// Longest reply line accepted, CRLF included. RFC 5321 4.5.3.1.5 says 512; real MTAs exceed it with long
    /// texts, so a little more is taken, and lines are cut to 512 for the client.
    /// </summary>
    public const int MaxLineLength = 1024;

    /// <summary>Most lines in one reply (EHLO replies run to about 20).</summary>
    public const int MaxLines = 64;

    // What the client may see of one line: "ddd-" + text + CRLF within RFC 5321's 512 octets.
    private const int MaxClientText = 512 - 6;

    private readonly Range[] _text = new Range[MaxLines];
    private byte[] _encoded = new byte[512];
    private int _length;

    /// <summary>The reply code, valid after <see cref="ReplyParseStatus.Complete"/>.</summary>
    public int Code { get; private set; }

    /// <summary>Number of lines.</summary>
    public int LineCount { get; private set; }

    /// <summary>The reply as the client gets it: every line <c>code[-| ]text CRLF</c>, text sanitised.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded.AsMemory(0, _length);

    /// <summary>The first digit of the code.</summary>
    public int Class => Code / 100;

    /// <summary>The sanitised text of line <paramref name="line"/> (without code and separator).</summary>
    public ReadOnlySpan<byte> Text(int line) => _encoded.AsSpan(_text[line]);

    /// <summary>Forgets the previous reply.</summary>
    public void Reset()
    {
        Code = 0;
        LineCount = 0;
        _length = 0;
    }

    /// <summary>
    /// Consumes whole lines from <paramref name="buffer"/> (advanced past what was used) until a reply is complete.
    /// Lines may end in CRLF or a bare LF: the text is re-encoded, so the client only ever sees CRLF.
    /// </summary>
    public ReplyParseStatus TryParse(ref ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> scratch = stackalloc byte[MaxLineLength];
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> raw, (byte)'\n', advancePastDelimiter: true))
            {
                buffer = buffer.Slice(reader.Position);
                // SECURITY: a backend that never ends its line is not buffered without bound.
                return reader.Remaining >= MaxLineLength ? ReplyParseStatus.LineTooLong : ReplyParseStatus.NeedMore;
            }

            buffer = buffer.Slice(reader.Position);
            if (raw.Length >= MaxLineLength)
            {
                return ReplyParseStatus.LineTooLong;
            }

            var line = scratch[..(int)raw.Length];
            raw.CopyTo(line);
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            var status = AddLine(line);
            if (status != ReplyParseStatus.NeedMore)
            {
                return status;
            }
        }
    }

    // Adds one line (CR/LF stripped): NeedMore after a continuation line, Complete after the last one.
    private ReplyParseStatus AddLine(Span<byte> line)
    {
        if (line.Length < 3 || (line.Length > 3 && line[3] is not ((byte)' ' or (byte)'-')))
        {
            return ReplyParseStatus.Malformed;
        }

        // RFC 5321 4.2: first digit 2..5, second 0..5, third 0..9.
        int d0 = line[0] - '0', d1 = line[1] - '0', d2 = line[2] - '0';
        if (d0 is < 2 or > 5 || d1 is < 0 or > 5 || d2 is < 0 or > 9)
        {
            return ReplyParseStatus.Malformed;
        }

        var code = (d0 * 100) + (d1 * 10) + d2;
        if (LineCount == 0)
        {
            Code = code;
        }
        else if (code != Code)
        {
            return ReplyParseStatus.Malformed; // RFC 5321 4.2.1: every line of a reply has the same code
        }

        if (LineCount == MaxLines)
        {
            return ReplyParseStatus.TooManyLines;
        }

        var last = line.Length == 3 || line[3] == (byte)' ';
        var text = line.Length > 4 ? line[4..] : [];
        if (text.Length > MaxClientText)
        {
            text = text[..MaxClientText];
        }

        ReplyWriter.SanitizeText(text);
        Ensure(text.Length + 6);
        var span = _encoded.AsSpan(_length);
        line[..3].CopyTo(span);
        span[3] = last ? (byte)' ' : (byte)'-';
        text.CopyTo(span[4..]);
        span[4 + text.Length] = (byte)'\r';
        span[5 + text.Length] = (byte)'\n';
        _text[LineCount] = new Range(_length + 4, _length + 4 + text.Length);
        _length += text.Length + 6;
        LineCount++;
        return last ? ReplyParseStatus.Complete : ReplyParseStatus.NeedMore;
    }

    private void Ensure(int more)
    {
        if (_length + more <= _encoded.Length)
        {
            return;
        }

        var bigger = new byte[Math.Max(_encoded.Length * 2, _length + more)];
        _encoded.AsSpan(0, _length).CopyTo(bigger);
        _encoded = bigger;
    }
}
