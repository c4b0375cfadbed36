// ReportJson: --json output of the load side and of the sink (System.Text.Json, source-generated, indented, camelCase).
using System.Text.Json;
using Edge.LoadTest.Sink;

namespace Edge.LoadTest.Reporting;

/// <summary>Writes reports as JSON.</summary>
internal static class ReportJson
{
    public static string Serialize(LoadReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.LoadReport);

    public static string Serialize(SinkReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.SinkReport);

    public static LoadReport? DeserializeLoad(string json) => JsonSerializer.Deserialize(json, ReportJsonContext.Default.LoadReport);

    public static async Task WriteAsync(string path, string json)
    {
        await File.WriteAllTextAsync(path, json + "\n");
    }
}
