// ReportJsonContext: source-generated System.Text.Json metadata for the reports (indented, camelCase).
using System.Text.Json.Serialization;
using Edge.LoadTest.Sink;

namespace Edge.LoadTest.Reporting;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(SinkReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
