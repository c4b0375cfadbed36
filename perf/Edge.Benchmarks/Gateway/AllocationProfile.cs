// AllocationProfile (--alloc-profile [N] [plain|tls|info] [SESSIONS] [SIZE]): sends N messages of SIZE bytes (4096 or
// 1024; 4096 by default) through the in-memory gateway on SESSIONS sessions at once (1 by default; 100 is
// loadtest/compare's workload (a)) and prints the exact bytes allocated per message (GC.GetTotalAllocatedBytes) and,
// sampled from the runtime's GC AllocationTick events (one per ~100 KB allocated, naming the type that crossed the
// mark; arrays with their size), the allocating types.
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;

namespace Edge.Benchmarks.Gateway;

internal static class AllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 20_000;
        var mode = args.Length > 2 ? args[2] : "plain";
        var sessions = args.Length > 3 && int.TryParse(args[3], out var s) && s > 0 ? s : 1;
        var content = args.Length > 4 && args[4] == "1024" ? Scripts.Message1KiB : Scripts.Message4KiB;
        var each = Math.Max(1, count / sessions);
        count = each * sessions;
        await using var gateway = await GatewayHarness.StartAsync(mode == "info" ? LogLevel.Information : LogLevel.Warning).ConfigureAwait(false);
        var clients = new SmtpPipeClient[sessions];
        for (var i = 0; i < sessions; i++)
        {
            clients[i] = await gateway.ConnectAsync(tls: mode == "tls").ConfigureAwait(false);
        }

        await Message.SendConcurrentlyAsync(clients, Math.Max(20, 2_000 / sessions), content).ConfigureAwait(false);

        using var ticks = new AllocationTickListener();
        var connections = gateway.BackendConnections;
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Message.SendConcurrentlyAsync(clients, each, content).ConfigureAwait(false);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        ticks.Stop();
        foreach (var client in clients)
        {
            await Message.QuitAsync(client).ConfigureAwait(false);
        }

        Console.WriteLine($"{mode}: {count} messages of {content.Length} bytes on {sessions} session(s) at once, {allocated / (double)count:F0} B allocated per message ({gateway.BackendMessages} at the backend, {gateway.BackendConnections - connections} backend connections opened while measured)");
        Console.WriteLine("Sampled allocations by type (AllocationTick, ~100 KB each):");
        foreach (var (type, bytes) in ticks.ByType().OrderByDescending(p => p.Value).Take(30))
        {
            Console.WriteLine($"  {bytes / (double)count,8:F1} B/msg  {type}");
        }

        return 0;
    }

    private sealed class AllocationTickListener : EventListener
    {
        private const EventKeywords GcKeyword = (EventKeywords)0x1;
        private readonly Dictionary<string, long> _bytes = [];
        private volatile bool _stopped;

        public void Stop() => _stopped = true;

        public Dictionary<string, long> ByType()
        {
            lock (_bytes)
            {
                return new Dictionary<string, long>(_bytes);
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (_stopped || eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
            {
                return;
            }

            var names = eventData.PayloadNames!;
            var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
            if (type.EndsWith("[]", StringComparison.Ordinal) && names.IndexOf("ObjectSize") is var o and >= 0)
            {
                type += $" ({eventData.Payload[o]} B)";
            }

            var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            lock (_bytes)
            {
                _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}
