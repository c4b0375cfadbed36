// FramingBenchmarks: DATA framing (DataFramer), the backend-leg encoder (DotStuffer) and BDAT (BdatFramer) over 4 KiB
// and 1 MiB messages delivered in 4 KiB segments (as a pipe would), ordinary ~70-octet text lines or every line
// dot-stuffed. Throughput = Size / Mean. Run: dotnet run -c Release --project perf/Edge.Benchmarks -- --filter '*Framing*'
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Edge.Protocol.Framing;

namespace Edge.Benchmarks;

[MemoryDiagnoser]
public class FramingBenchmarks
{
    private const int SegmentSize = 4096;

    private ReadOnlySequence<byte> _dataWire;   // stuffed message + ".\r\n", as received after 354
    private ReadOnlySequence<byte> _content;    // unstuffed content (DotStuffer input, BDAT chunk)
    private ArrayBufferWriter<byte> _writer = null!;
    private DataFramer _dataFramer;
    private BdatFramer _bdatFramer;
    private DotStuffer _stuffer;

    /// <summary>Wire octets of the message.</summary>
    [Params(4096, 1 << 20)]
    public int Size { get; set; }

    /// <summary>Text: ~70-octet lines; DotStuffed: every line starts with '.'.</summary>
    [Params("Text", "DotStuffed")]
    public string Kind { get; set; } = "Text";

    [GlobalSetup]
    public void Setup()
    {
        bool dots = Kind == "DotStuffed";
        var content = new List<byte>(Size);
        var wire = new List<byte>(Size + 3);
        var line = new byte[70];
        for (int n = 0; wire.Count + 72 + (dots ? 1 : 0) <= Size - 5; n++)
        {
            for (int i = 0; i < line.Length; i++)
            {
                line[i] = (byte)(i % 9 == 8 ? ' ' : 'a' + ((n + i) % 26));
            }

            if (dots)
            {
                line[0] = (byte)'.';
                wire.Add((byte)'.');
            }

            content.AddRange(line);
            content.AddRange("\r\n"u8.ToArray());
            wire.AddRange(line);
            wire.AddRange("\r\n"u8.ToArray());
        }

        // A last, shorter line so that the wire is exactly Size octets.
        int filler = Size - 3 - wire.Count - 2;
        for (int i = 0; i < filler; i++)
        {
            content.Add((byte)'z');
            wire.Add((byte)'z');
        }

        content.AddRange("\r\n"u8.ToArray());
        wire.AddRange("\r\n.\r\n"u8.ToArray());
        _dataWire = Segmented(wire.ToArray());
        _content = Segmented(content.ToArray());
        _writer = new ArrayBufferWriter<byte>(2 * Size);
        _dataFramer = new DataFramer(BareLineEndingHandling.Reject);
        _bdatFramer = new BdatFramer(BareLineEndingHandling.Reject);
    }

    [Benchmark(Baseline = true)]
    public long DataFramer()
    {
        _writer.ResetWrittenCount();
        _dataFramer.Reset();
        var reader = new SequenceReader<byte>(_dataWire);
        _dataFramer.Advance(ref reader, _writer);
        return _dataFramer.ContentLength;
    }

    [Benchmark]
    public long DotStuffer()
    {
        _writer.ResetWrittenCount();
        _stuffer.Reset();
        _stuffer.Write(_content, _writer);
        _stuffer.Complete(_writer);
        return _stuffer.BytesWritten;
    }

    [Benchmark]
    public long BdatFramer()
    {
        _writer.ResetWrittenCount();
        _bdatFramer.Reset();
        _bdatFramer.BeginChunk(_content.Length, last: true);
        var reader = new SequenceReader<byte>(_content);
        _bdatFramer.Advance(ref reader, _writer);
        return _bdatFramer.ContentLength;
    }

    private static ReadOnlySequence<byte> Segmented(byte[] data)
    {
        if (data.Length <= SegmentSize)
        {
            return new ReadOnlySequence<byte>(data);
        }

        Segment first = new(data.AsMemory(0, SegmentSize), 0);
        Segment last = first;
        for (int start = SegmentSize; start < data.Length; start += SegmentSize)
        {
            last = last.Append(data.AsMemory(start, Math.Min(SegmentSize, data.Length - start)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
