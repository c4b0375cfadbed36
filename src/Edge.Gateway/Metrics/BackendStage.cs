// BackendStage: the bounded stages a backend's latency is measured at, label `stage` of
// edge_backend_latency_seconds (connect, then each SMTP step of a relayed transaction, then the whole transaction).
namespace Edge.Gateway.Metrics;

/// <summary>Where backend latency was measured.</summary>
internal enum BackendStage : byte
{
    /// <summary>TCP connect plus greeting (and TLS when configured).</summary>
    Connect = 0,

    /// <summary>MAIL FROM round trip.</summary>
    Mail,

    /// <summary>RCPT TO round trip.</summary>
    Recipient,

    /// <summary>End of data to the backend's final reply.</summary>
    Data,

    /// <summary>MAIL sent to the final reply: how long a transaction holds its pooled connection (client upload included).</summary>
    Transaction,
}
