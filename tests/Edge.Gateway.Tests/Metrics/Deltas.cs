// Deltas: counter differences between two scrapes of the same host.
namespace Edge.Gateway.Tests.Metrics;

internal sealed class Deltas(Scrape before, Scrape after)
{
    public double Of(string name, params (string Name, string Value)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    public double Sum(string name, params (string Name, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);
}
