// LeastOutstandingBackendSelector: the candidate with the fewest transactions in flight; ties are broken by a
// rotating start so equal backends share the load instead of the first one taking everything.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

/// <summary><c>least-outstanding</c>.</summary>
internal sealed class LeastOutstandingBackendSelector : IBackendSelector
{
    private uint _start;

    public string Name => RelayPolicyNames.LeastOutstanding;

    public int Pick(ReadOnlySpan<BackendState> candidates)
    {
        var start = (int)(Interlocked.Increment(ref _start) % (uint)candidates.Length);
        var best = start;
        var bestCount = candidates[start].Outstanding;
        for (var n = 1; n < candidates.Length; n++)
        {
            var i = (start + n) % candidates.Length;
            var count = candidates[i].Outstanding;
            if (count < bestCount)
            {
                best = i;
                bestCount = count;
            }
        }

        return best;
    }
}
