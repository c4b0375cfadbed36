// TlsReportMailQueue: copies of relayed report messages waiting for TlsReportMailWorker. Bounded: when Capacity copies
// wait, TryEnqueue fails at once (the caller counts queue_full); the SMTP session never waits for report reading.
using System.Threading.Channels;

namespace Edge.Gateway.TlsReporting;

/// <summary>The bounded hand-off from SMTP sessions to the report reader (a DI singleton).</summary>
internal sealed class TlsReportMailQueue
{
    /// <summary>Most messages waiting at once (each at most Edge:TlsRpt:MaxMessageBytes).</summary>
    public const int Capacity = 64;

    private readonly Channel<ReportBuffer> _channel = Channel.CreateBounded<ReportBuffer>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues <paramref name="message"/> (ownership passes on success); false when full.</summary>
    public bool TryEnqueue(ReportBuffer message) => _channel.Writer.TryWrite(message);

    /// <summary>The reader side.</summary>
    public ChannelReader<ReportBuffer> Reader => _channel.Reader;
}
