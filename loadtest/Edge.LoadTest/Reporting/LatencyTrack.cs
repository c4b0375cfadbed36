// LatencyTrack: one latency series in microseconds. Sessions record into an HdrHistogram Recorder (thread-safe writes);
// one reader (the progress loop, then the final report) drains it into the run's total and the last interval.
using HdrHistogram;

namespace Edge.LoadTest.Reporting;

/// <summary>A latency series: concurrent recording, single-reader sampling.</summary>
internal sealed class LatencyTrack
{
    /// <summary>Highest value recorded: one hour in microseconds (larger values are clamped).</summary>
    public const long HighestMicroseconds = 3_600_000_000;

    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize()
        .WithValuesFrom(1).WithValuesUpTo(HighestMicroseconds).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    private readonly Lock _sampling = new();
    private readonly HistogramBase _total = new LongHistogram(HighestMicroseconds, 3);
    private HistogramBase? _interval;

    public LatencyTrack(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a Stopwatch timestamp).</summary>
    public void RecordSince(long startTimestamp)
    {
        long micros = (long)System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds;
        _recorder.RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }

    /// <summary>Moves what was recorded since the last call into the total; returns that interval.</summary>
    public HistogramBase Sample()
    {
        lock (_sampling)
        {
            _interval = _interval is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_interval);
            _total.Add(_interval);
            return _interval;
        }
    }

    /// <summary>Everything recorded up to the last <see cref="Sample"/>.</summary>
    public LatencySummary Summarize()
    {
        lock (_sampling)
        {
            return LatencySummary.From(Name, _total);
        }
    }
}
