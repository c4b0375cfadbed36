// ProbeResult: the result label of edge_backend_probes_total (names in MetricLabels.ProbeResults).
namespace Edge.Gateway.Metrics;

/// <summary>How an active health probe of a backend ended.</summary>
internal enum ProbeResult
{
    /// <summary>Connected, greeted 220 and answered EHLO (and TLS as configured).</summary>
    Success,

    /// <summary>Any step failed or timed out.</summary>
    Failure,
}
