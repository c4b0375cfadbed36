// ReportJsonTests: --json output: camelCase fields that read back to the same report.
using Edge.LoadTest.Reporting;

namespace Edge.LoadTest.Tests.Reporting;

public sealed class ReportJsonTests
{
    [Fact]
    public void Serialize_LoadReport_RoundTripsWithCamelCaseFields()
    {
        var report = new LoadReport
        {
            Target = "127.0.0.1:2525", Tls = "starttls", Loop = "open", Rate = 200, Sessions = 50, MessageSize = 4096,
            MessagesPerSession = 10, Verify = true, ElapsedSeconds = 2.5, Accepted = 499, Failed = 1, NotStarted = 0,
            Connections = 50, TlsHandshakes = 50, MessagesPerSecond = 199.6, TlsHandshakesPerSecond = 20, MegabytesPerSecond = 0.8,
            Errors = new Dictionary<string, long> { ["DATAEND 451"] = 1 },
            Latencies = [new LatencySummary("connect", 50, 0.3, 0.25, 0.5, 0.9, 1.1, 1.2)],
        };

        string json = ReportJson.Serialize(report);
        var back = ReportJson.DeserializeLoad(json);

        Assert.Contains("\"messagesPerSecond\": 199.6", json, StringComparison.Ordinal);
        Assert.NotNull(back);
        Assert.Equal(499, back.Accepted);
        Assert.Equal(1, back.Errors["DATAEND 451"]);
        Assert.Equal(report.Latencies[0], back.Latencies[0]);
    }
}
