// TlsReportJsonContext: System.Text.Json source generation for the report wire model (reading, strict) and the
// drill-down list (writing). Strict: numbers must be JSON numbers, nulls only where the model says nullable,
// duplicate members refused; unknown members skipped, as RFC 8460 reports may carry extensions.
using System.Text.Json.Serialization;

namespace Edge.Gateway.TlsReporting.Wire;

[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.Strict,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 16)]
[JsonSerializable(typeof(ReportDocument))]
[JsonSerializable(typeof(StoredReport[]))]
internal sealed partial class TlsReportJsonContext : JsonSerializerContext;
