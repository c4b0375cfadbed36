// ReplyReader: reads SMTP replies (RFC 5321 4.2: "ddd-" continuation lines, "ddd " last line) from a stream into one
// pooled buffer, returning the code and, for EHLO, the capabilities. Pipelined replies are taken from the buffer without
// another read. A malformed reply returns code 0; end of stream or a line longer than the buffer throws IOException.
using System.Buffers;

namespace Edge.LoadTest.Client;

/// <summary>SMTP reply reader over a stream; one per connection.</summary>
internal sealed class ReplyReader : IDisposable
{
    private const int BufferSize = 16 * 1024;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;

    public ReplyReader(Stream stream)
    {
        Stream = stream;
    }

    /// <summary>The stream replies come from; replaced after a TLS upgrade.</summary>
    public Stream Stream { get; set; }

    /// <summary>Octets received but not yet read as a reply (after STARTTLS's 220 there must be none: RFC 3207 4.2).</summary>
    public int Buffered => _end - _start;

    /// <summary>Reads one complete reply; returns its code (0 when malformed).</summary>
    public async ValueTask<int> ReadAsync(CancellationToken cancellationToken)
    {
        var (code, _) = await ReadWithCapabilitiesAsync(cancellationToken);
        return code;
    }

    /// <summary>Reads one complete reply and the EHLO keywords it lists.</summary>
    public async ValueTask<(int Code, ServerCapabilities Capabilities)> ReadWithCapabilitiesAsync(CancellationToken cancellationToken)
    {
        int code = -1;
        var capabilities = ServerCapabilities.None;
        bool first = true;
        while (true)
        {
            int lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                await FillAsync(cancellationToken);
                continue;
            }

            var line = _buffer.AsSpan(_start, lineEnd);
            _start += lineEnd + 2;
            int lineCode = ParseCode(line);
            if (lineCode == 0 || (code > 0 && lineCode != code))
            {
                code = 0;
            }
            else if (code < 0)
            {
                code = lineCode;
            }

            if (!first && line.Length > 4)
            {
                capabilities |= Keyword(line[4..]);
            }

            first = false;
            if (line.Length < 4 || line[3] != (byte)'-')
            {
                return (code, capabilities);
            }
        }
    }

    public void Dispose()
    {
        byte[] buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("Reply line longer than " + _buffer.Length + " octets.");
        }

        int read = await Stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException("The server closed the connection.");
        }

        _end += read;
    }

    private static int ParseCode(ReadOnlySpan<byte> line)
    {
        if (line.Length < 3 || (line.Length > 3 && line[3] != (byte)' ' && line[3] != (byte)'-'))
        {
            return 0;
        }

        int code = 0;
        for (int i = 0; i < 3; i++)
        {
            int digit = line[i] - '0';
            if (digit is < 0 or > 9)
            {
                return 0;
            }

            code = (code * 10) + digit;
        }

        return code is >= 200 and <= 599 ? code : 0;
    }

    private static ServerCapabilities Keyword(ReadOnlySpan<byte> text)
    {
        int space = text.IndexOf((byte)' ');
        var keyword = space < 0 ? text : text[..space];
        if (System.Text.Ascii.EqualsIgnoreCase(keyword, "PIPELINING"u8))
        {
            return ServerCapabilities.Pipelining;
        }

        return System.Text.Ascii.EqualsIgnoreCase(keyword, "STARTTLS"u8) ? ServerCapabilities.StartTls : ServerCapabilities.None;
    }
}
