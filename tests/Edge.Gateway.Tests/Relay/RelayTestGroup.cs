// RelayTestGroup: the end-to-end relay tests run one class at a time and never beside other collections: they
// start real hosts and sockets, and process-wide measurements elsewhere (allocation tests) must not see their work.
namespace Edge.Gateway.Tests.Relay;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RelayTestGroup
{
    public const string Name = "Relay end to end";
}
