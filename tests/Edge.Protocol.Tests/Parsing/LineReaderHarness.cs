// LineReaderHarness: drives CommandLineReader the way the connection loop does: chunks arrive one by one,
// unconsumed bytes are kept (as their own segment) and the new chunk is appended as another segment.
using System.Buffers;
using System.Text;
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Tests.Parsing;

internal sealed class LineReaderHarness
{
    private CommandLineReader _reader;
    private byte[] _retained = [];

    public LineReaderHarness(int maxLineLength = SmtpLimits.DefaultCommandLineLength)
    {
        _reader = new CommandLineReader(maxLineLength);
    }

    /// <summary>Lines as "LINE:text" and over-long lines as "TOO-LONG", in order.</summary>
    public List<string> Results { get; } = [];

    /// <summary>The largest number of unconsumed octets left after any NeedMoreData.</summary>
    public int MaxRetained { get; private set; }

    public bool IsSkipping => _reader.IsSkipping;

    public static List<string> Run(int maxLineLength, IEnumerable<byte[]> chunks)
    {
        var harness = new LineReaderHarness(maxLineLength);
        foreach (byte[] chunk in chunks)
        {
            harness.Feed(chunk);
        }

        return harness.Results;
    }

    public void Feed(byte[] chunk)
    {
        ReadOnlySequence<byte> buffer = TestSegments.Create(_retained, chunk);
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            LineReadStatus status = _reader.TryRead(ref reader, out ReadOnlySequence<byte> line);
            if (status == LineReadStatus.NeedMoreData)
            {
                break;
            }

            Results.Add(status == LineReadStatus.Line ? "LINE:" + Encoding.Latin1.GetString(line.ToArray()) : "TOO-LONG");
        }

        _retained = buffer.Slice(reader.Position).ToArray();
        MaxRetained = Math.Max(MaxRetained, _retained.Length);
    }
}
