// FixedTimeProvider: a TimeProvider that always answers the same instant, for deterministic ids and dates.
namespace Edge.Gateway.Tests.Delivery;

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
