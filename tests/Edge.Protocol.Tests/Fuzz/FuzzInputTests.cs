// Replays every seed (fuzz/corpus/TARGET) and every input a fuzzing run found (fuzz/regressions/TARGET) through its
// fuzz target, so each invariant the AFL++ harness checks is checked on every CI run, and a fixed crash stays fixed.
using Edge.Fuzz.Targets;

namespace Edge.Protocol.Tests.Fuzz;

public class FuzzInputTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fuzz");

    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (string folder in new[] { "corpus", "regressions" })
        {
            foreach (string target in FuzzTargets.Names)
            {
                string directory = Path.Combine(Root, folder, target);
                if (Directory.Exists(directory))
                {
                    foreach (string file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
                    {
                        data.Add(target, Path.GetRelativePath(Root, file));
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Target_SavedInput_HoldsEveryInvariant(string target, string file)
    {
        FuzzTargets.Find(target)!(File.ReadAllBytes(Path.Combine(Root, file)));
    }

    [Fact]
    public void Corpus_EveryTarget_HasSeeds()
    {
        // Guards the theory above against an empty or misplaced corpus (it would pass vacuously).
        foreach (string target in FuzzTargets.Names)
        {
            Assert.True(Directory.GetFiles(Path.Combine(Root, "corpus", target)).Length >= 3, $"fuzz/corpus/{target} has too few seeds");
        }
    }

    [Fact]
    public void Find_UnknownName_ReturnsNull()
    {
        Assert.Null(FuzzTargets.Find("smtp"));
        Assert.All(FuzzTargets.Names, name => Assert.NotNull(FuzzTargets.Find(name)));
    }
}
