// ConsecutiveFailuresHealthPolicy: passive health. A backend whose connections fail N times in a row (connect,
// greeting, EHLO, TLS, protocol violations) is marked down for a period; one success clears it. Client-caused
// outcomes (a 5xx to RCPT, a client that left) are not failures of the backend.
namespace Edge.Gateway.Relay;

/// <summary>Marks backends down after consecutive failures. Answers only; holds no state of its own.</summary>
internal sealed class ConsecutiveFailuresHealthPolicy(int threshold, TimeSpan downPeriod)
{
    /// <summary>Records a failure at <paramref name="now"/>; returns true when it marked the backend down.</summary>
    public bool OnFailure(BackendState backend, long now)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (backend.RecordFailure() < threshold)
        {
            return false;
        }

        backend.MarkDown(now + (long)downPeriod.TotalMilliseconds);
        return true;
    }

    /// <summary>Records a success.</summary>
    public static void OnSuccess(BackendState backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        backend.RecordSuccess();
    }
}
