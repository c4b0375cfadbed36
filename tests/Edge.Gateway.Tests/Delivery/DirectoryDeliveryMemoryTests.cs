// DirectoryDeliveryMemoryTests: a message is streamed, never held: writing 10 MB allocates a small,
// bounded amount (the 64 KiB file buffer and per-write bookkeeping), nowhere near the message size.
// Runs alone (no parallel tests) because it reads the process-wide allocation counter.
using Edge.Gateway.Configuration;
using Edge.Gateway.Delivery;
using Edge.Gateway.Tests.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Edge.Gateway.Tests.Delivery;

[Collection(nameof(DirectoryDeliveryMemoryTests))]
public sealed class DirectoryDeliveryMemoryTests
{
    [Fact]
    public async Task WriteAsync_TenMegabytes_AllocatesFarLessThanTheMessage()
    {
        using var scratch = new ScratchDirectory();
        var delivery = new DirectoryDelivery(new DeliveryOptions { Directory = scratch.Path }, TimeProvider.System, NullLogger<DirectoryDelivery>.Instance);
        byte[] chunk = new byte[8 * 1024];
        Array.Fill(chunk, (byte)'x');
        const int total = 10 * 1024 * 1024;

        // Warm-up so one-time JIT and FileStream strategy allocations are not counted.
        await using (DirectoryMessageWriter warm = delivery.BeginMessage())
        {
            await warm.WriteAsync(chunk);
            await warm.CommitAsync();
        }

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await using (DirectoryMessageWriter writer = delivery.BeginMessage())
        {
            for (int written = 0; written < total; written += chunk.Length)
            {
                await writer.WriteAsync(chunk);
            }

            await writer.CommitAsync();
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(allocated < 1024 * 1024, $"writing 10 MB allocated {allocated} bytes");
    }
}
