// Benchmark entry point: BenchmarkSwitcher so one benchmark class or all can be chosen with --filter;
// --alloc-profile [N] [plain|tls|info] runs the in-memory gateway and prints allocations by type instead.
using BenchmarkDotNet.Running;
using Edge.Benchmarks.Gateway;

if (args.Length > 0 && args[0] == "--alloc-profile")
{
    return await AllocationProfile.RunAsync(args).ConfigureAwait(false);
}

BenchmarkSwitcher.FromAssembly(typeof(Edge.Benchmarks.SessionBenchmarks).Assembly).Run(args);
return 0;
