// TlsReportParser: strict reading of an RFC 8460 JSON report (4.4). Syntax is checked first with a plain reader, so
// "not JSON" (malformed_json) and "JSON, but not a report" (schema) are told apart; then the source-generated
// deserialiser enforces required members and types, and Validate checks what attributes cannot: non-empty strings,
// non-negative counts, known policy types, a date range in order, no null elements. Pure; never throws.
using System.Text.Json;
using System.Text.Unicode;
using Edge.Gateway.TlsReporting.Wire;

namespace Edge.Gateway.TlsReporting;

/// <summary>Parses report JSON (UTF-8).</summary>
internal static class TlsReportParser
{
    private static readonly JsonReaderOptions SyntaxOptions = new() { MaxDepth = 64 };

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    public static TlsReportParseResult Parse(ReadOnlySpan<byte> json)
    {
        // RFC 8259 8.1: no byte order mark in networked JSON; tolerated here, as some senders write one.
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (!Utf8.IsValid(json))
        {
            return TlsReportParseResult.Invalid(TlsReportRejection.MalformedJson, "not UTF-8");
        }

        if (!IsWellFormed(json, out var syntaxError))
        {
            return TlsReportParseResult.Invalid(TlsReportRejection.MalformedJson, syntaxError);
        }

        ReportDocument? report;
        try
        {
            report = JsonSerializer.Deserialize(json, TlsReportJsonContext.Default.ReportDocument);
        }
        catch (JsonException ex)
        {
            return TlsReportParseResult.Invalid(TlsReportRejection.Schema, SchemaError(ex));
        }

        if (report is null)
        {
            return TlsReportParseResult.Invalid(TlsReportRejection.Schema, "the report is null, not an object");
        }

        var problem = Validate(report);
        return problem is null ? TlsReportParseResult.Valid(report) : TlsReportParseResult.Invalid(TlsReportRejection.Schema, problem);
    }

    private static bool IsWellFormed(ReadOnlySpan<byte> json, out string error)
    {
        var reader = new Utf8JsonReader(json, SyntaxOptions);
        try
        {
            while (reader.Read())
            {
                // Reading every token is the check.
            }

            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            error = $"not JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}";
            return false;
        }
    }

    private static string SchemaError(JsonException ex)
    {
        // STJ's messages name the CLR type; the JSON path is what a reporter can act on.
        var path = string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path;
        var message = ex.Message;
        var including = message.IndexOf("including:", StringComparison.Ordinal);
        if (message.Contains("missing required properties", StringComparison.Ordinal) && including >= 0)
        {
            return $"{path}: required member missing: {Cut(message[(including + 10)..].Trim().TrimEnd('.'), 200)}";
        }

        return $"{path}: wrong type or value";
    }

    private static string? Validate(ReportDocument report)
    {
        if (IsBlank(report.OrganizationName))
        {
            return "organization-name is empty";
        }

        if (IsBlank(report.ContactInfo))
        {
            return "contact-info is empty";
        }

        if (IsBlank(report.ReportId))
        {
            return "report-id is empty";
        }

        if (report.DateRange.End < report.DateRange.Start)
        {
            return "date-range: end-datetime is before start-datetime";
        }

        if (report.Policies.Count == 0)
        {
            return "policies is empty";
        }

        for (var i = 0; i < report.Policies.Count; i++)
        {
            var problem = report.Policies[i] is { } entry ? ValidatePolicy(entry) : "null";
            if (problem is not null)
            {
                return $"policies[{i}]: {problem}";
            }
        }

        return null;
    }

    private static string? ValidatePolicy(ReportPolicyEntry entry)
    {
        var policy = entry.Policy;
        if (!TlsReportLabels.TryParsePolicyType(policy.PolicyType, out _))
        {
            return "policy.policy-type is not sts, tlsa or no-policy-found";
        }

        if (IsBlank(policy.PolicyDomain))
        {
            return "policy.policy-domain is empty";
        }

        if (policy.PolicyString is { } lines && lines.Contains(null!))
        {
            return "policy.policy-string holds a null";
        }

        if (policy.MxHost is { } mx && !IsMxHost(mx))
        {
            return "policy.mx-host is not a string or an array of strings";
        }

        if (entry.Summary.Successful < 0 || entry.Summary.Failed < 0)
        {
            return "summary: a session count is negative";
        }

        if (entry.FailureDetails is not { } details)
        {
            return null;
        }

        for (var i = 0; i < details.Count; i++)
        {
            if (details[i] is not { } failure)
            {
                return $"failure-details[{i}]: null";
            }

            if (IsBlank(failure.ResultType))
            {
                return $"failure-details[{i}]: result-type is empty";
            }

            if (failure.FailedSessionCount < 0)
            {
                return $"failure-details[{i}]: failed-session-count is negative";
            }
        }

        return null;
    }

    private static bool IsMxHost(JsonElement mx)
    {
        if (mx.ValueKind == JsonValueKind.String)
        {
            return true;
        }

        if (mx.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in mx.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
