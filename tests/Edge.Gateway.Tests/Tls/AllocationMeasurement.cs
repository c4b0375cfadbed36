// AllocationMeasurement: xunit collection for tests that read process-wide allocation counters; it runs after
// the parallel tests, alone, so other tests' allocations do not leak into the measurement.
namespace Edge.Gateway.Tests.Tls;

[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;
