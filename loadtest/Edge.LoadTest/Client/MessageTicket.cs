// MessageTicket: permission to send one message: its sequence number and the Stopwatch timestamp from which its
// latency is measured (the scheduled send time in the open loop, the moment it was taken in the closed loop).
namespace Edge.LoadTest.Client;

/// <summary>One message to send.</summary>
internal readonly record struct MessageTicket(long Sequence, long ScheduledTimestamp);
