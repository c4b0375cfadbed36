// SinkSnapshot: the sink's counts at one moment, as printed and written by --json.
namespace Edge.LoadTest.Sink;

/// <summary>The sink's counts at one moment.</summary>
internal sealed record SinkSnapshot(long Connections, long Received, long Bytes, long Verified, long Mismatched, long WithoutHash);
