// SerialAllocationTests: the xunit collection for tests that read process-wide allocation counters;
// it runs after the parallel tests, alone, so other tests' allocations are not counted.
namespace Edge.Gateway.Tests.Delivery;

[CollectionDefinition(nameof(DirectoryDeliveryMemoryTests), DisableParallelization = true)]
public sealed class SerialAllocationTests;
