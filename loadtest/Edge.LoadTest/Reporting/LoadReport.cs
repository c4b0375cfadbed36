// LoadReport: the result of one load run, as printed in the summary table and written by --json.
namespace Edge.LoadTest.Reporting;

/// <summary>What a finished run measured.</summary>
internal sealed record LoadReport
{
    public required string Target { get; init; }

    public required string Tls { get; init; }

    /// <summary>"closed" or "open".</summary>
    public required string Loop { get; init; }

    /// <summary>Open loop: the arrival rate asked for, messages per second.</summary>
    public double? Rate { get; init; }

    public required int Sessions { get; init; }

    public required int MessageSize { get; init; }

    public required int MessagesPerSession { get; init; }

    public required bool Verify { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>Messages answered 250 at the end of data.</summary>
    public required long Accepted { get; init; }

    /// <summary>Messages not accepted: refused, or lost with their connection.</summary>
    public required long Failed { get; init; }

    /// <summary>Open loop: messages scheduled before the run stopped but never started (queued behind busy sessions).</summary>
    public required long NotStarted { get; init; }

    public required long Connections { get; init; }

    public required long TlsHandshakes { get; init; }

    public required double MessagesPerSecond { get; init; }

    public required double TlsHandshakesPerSecond { get; init; }

    public required double MegabytesPerSecond { get; init; }

    /// <summary>"STAGE code-or-error" → count.</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required IReadOnlyList<LatencySummary> Latencies { get; init; }
}
