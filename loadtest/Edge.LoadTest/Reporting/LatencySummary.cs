// LatencySummary: the percentiles the report shows for one series, in milliseconds (recorded in microseconds).
using HdrHistogram;

namespace Edge.LoadTest.Reporting;

/// <summary>Count, mean, p50/p90/p99/p99.9 and max of one latency series, in milliseconds.</summary>
internal sealed record LatencySummary(string Name, long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary From(string name, HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return new LatencySummary(name, 0, 0, 0, 0, 0, 0, 0);
        }

        return new LatencySummary(
            name,
            histogram.TotalCount,
            histogram.GetMean() / 1000.0,
            Ms(histogram, 50),
            Ms(histogram, 90),
            Ms(histogram, 99),
            Ms(histogram, 99.9),
            histogram.GetMaxValue() / 1000.0);
    }

    private static double Ms(HistogramBase histogram, double percentile) => histogram.GetValueAtPercentile(percentile) / 1000.0;
}
