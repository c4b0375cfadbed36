// TlsReportStore: the last Edge:TlsRpt:KeepLast accepted reports, in memory, for GET {Path}/reports. Each is kept
// as a StoredReport (strings cut, details capped), so the store's size is bounded whatever senders post.
using Edge.Gateway.Configuration;
using Edge.Gateway.TlsReporting.Wire;

namespace Edge.Gateway.TlsReporting;

/// <summary>Recent reports (a DI singleton, thread-safe).</summary>
internal sealed class TlsReportStore(IOptions<EdgeOptions> options)
{
    private readonly int _capacity = options.Value.TlsRpt.KeepLast;
    private readonly Queue<StoredReport> _reports = new();
    private readonly Lock _lock = new();

    /// <summary>Keeps <paramref name="report"/>, dropping the oldest beyond the capacity.</summary>
    public void Add(StoredReport report)
    {
        if (_capacity == 0)
        {
            return;
        }

        lock (_lock)
        {
            _reports.Enqueue(report);
            while (_reports.Count > _capacity)
            {
                _reports.Dequeue();
            }
        }
    }

    /// <summary>The kept reports, newest first.</summary>
    public StoredReport[] Snapshot()
    {
        StoredReport[] reports;
        lock (_lock)
        {
            reports = _reports.ToArray();
        }

        Array.Reverse(reports);
        return reports;
    }
}
