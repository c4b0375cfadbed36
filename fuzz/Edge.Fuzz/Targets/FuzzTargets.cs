// FuzzTargets: the targets by name, for the AFL++ entry point and the unit tests that replay corpora.
namespace Edge.Fuzz.Targets;

/// <summary>One fuzz target: checks its invariants on one input and throws when one breaks.</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);

/// <summary>The fuzz targets.</summary>
public static class FuzzTargets
{
    /// <summary>Target names, as <c>fuzz/run.sh</c> takes them and as the corpus folders are named.</summary>
    public static IReadOnlyList<string> Names { get; } = ["command", "data", "bdat", "proxy"];

    /// <summary>The target called <paramref name="name"/>, or null.</summary>
    public static FuzzTarget? Find(string name) => name switch
    {
        "command" => CommandTarget.Run,
        "data" => DataTarget.Run,
        "bdat" => BdatTarget.Run,
        "proxy" => ProxyTarget.Run,
        _ => null,
    };
}
