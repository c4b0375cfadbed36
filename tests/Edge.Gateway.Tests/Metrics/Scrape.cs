// Scrape: a parsed Prometheus text exposition (families with their TYPE, samples with labels), enough to assert
// exact counter values and naming rules. Label values Edge emits never contain quotes or commas.
using System.Globalization;

namespace Edge.Gateway.Tests.Metrics;

internal sealed class Scrape
{
    private readonly List<Sample> _samples = [];

    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Sample> Samples => _samples;

    public static Scrape Parse(string text)
    {
        var scrape = new Scrape();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                scrape.Types[parts[2]] = parts[3];
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            string name;
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0 && brace < space)
            {
                name = line[..brace];
                var close = line.LastIndexOf('}');
                foreach (var pair in line[(brace + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 2)..^1];
                }
            }
            else
            {
                name = line[..line.IndexOf(' ', StringComparison.Ordinal)];
            }

            var value = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            scrape._samples.Add(new Sample(name, labels, value));
        }

        return scrape;
    }

    /// <summary>The value of the sample with exactly these labels; 0 when it is not exported.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        foreach (var sample in _samples)
        {
            if (sample.Name == name && sample.Labels.Count == labels.Length && Matches(sample, labels))
            {
                return sample.Value;
            }
        }

        return 0;
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels include these.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels)
    {
        double sum = 0;
        foreach (var sample in _samples)
        {
            if (sample.Name == name && Matches(sample, labels))
            {
                sum += sample.Value;
            }
        }

        return sum;
    }

    private static bool Matches(Sample sample, (string Name, string Value)[] labels)
    {
        foreach (var (key, value) in labels)
        {
            if (!sample.Labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }

    internal sealed record Sample(string Name, SortedDictionary<string, string> Labels, double Value);
}
