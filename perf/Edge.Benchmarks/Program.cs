// Benchmark entry point: BenchmarkSwitcher so one benchmark class or all can be chosen with --filter.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
