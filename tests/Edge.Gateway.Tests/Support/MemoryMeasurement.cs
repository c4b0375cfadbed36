// MemoryMeasurement (an xunit collection): tests that read process-wide GC figures run alone (xunit runs collections with
// parallelization disabled after the parallel ones), so other tests' allocations do not blur the figures.
namespace Edge.Gateway.Tests.Support;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "Memory measurement";
}
