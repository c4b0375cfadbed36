// BackendResult: the bounded outcome of one relayed transaction, label `result` of edge_backend_transactions_total.
// The three reply classes plus Failed for transport/protocol failures where the backend gave no verdict, and
// Aborted for transactions the client ended (RSET, QUIT, disconnect) before the end of data.
namespace Edge.Gateway.Metrics;

/// <summary>Outcome of a backend transaction.</summary>
internal enum BackendResult : byte
{
    /// <summary>The backend accepted the message (2xx at end of data).</summary>
    Accepted = 0,

    /// <summary>The backend refused permanently (5xx).</summary>
    Rejected,

    /// <summary>The backend refused temporarily (4xx).</summary>
    TempFailed,

    /// <summary>No verdict: connection lost, timeout, protocol error.</summary>
    Failed,

    /// <summary>The client ended the transaction before the end of data; the backend saw RSET or a closed connection.</summary>
    Aborted,
}
