// ManagedHeap: process-wide GC figures for memory-bound assertions. LiveBytes forces a full blocking collection,
// so it measures what is still referenced (retained), not garbage; AllocatedBytes is the precise running total.
namespace Edge.Gateway.Tests.Support;

internal static class ManagedHeap
{
    public static long LiveBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    public static long AllocatedBytes() => GC.GetTotalAllocatedBytes(precise: true);
}
