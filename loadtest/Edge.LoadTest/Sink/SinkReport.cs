// SinkReport: the sink's counts with its address and uptime, as printed and written by --json.
namespace Edge.LoadTest.Sink;

/// <summary>The sink's state for a report.</summary>
internal sealed record SinkReport(string EndPoint, bool Verify, double ElapsedSeconds, SinkSnapshot Counts);
