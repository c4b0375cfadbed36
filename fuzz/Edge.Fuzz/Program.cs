// Edge.Fuzz: the AFL++ entry point (SharpFuzz out-of-process mode). `Edge.Fuzz TARGET` is run by afl-fuzz with the
// input on stdin; `Edge.Fuzz TARGET FILE...` replays inputs without AFL (to reproduce and minimise a crash; use an uninstrumented
// build for that, `fuzz/run.sh replay`: instrumented code writes to AFL's shared memory and fails outside afl-fuzz).
using Edge.Fuzz.Targets;
using SharpFuzz;

if (args.Length == 0 || FuzzTargets.Find(args[0]) is not { } target)
{
    await Console.Error.WriteLineAsync($"usage: Edge.Fuzz {string.Join('|', FuzzTargets.Names)} [FILE...]").ConfigureAwait(false);
    return 2;
}

if (args.Length > 1)
{
    int failures = 0;
    foreach (string path in args.Skip(1))
    {
        try
        {
            target(await File.ReadAllBytesAsync(path).ConfigureAwait(false));
            Console.WriteLine($"ok    {path}");
        }
        catch (FuzzInvariantException e)
        {
            failures++;
            Console.WriteLine($"FAIL  {path}: {e.Message}");
        }
    }

    return failures == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
