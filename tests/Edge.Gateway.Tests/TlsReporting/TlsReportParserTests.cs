// TlsReportParser: the RFC 8460 example and variations parse; each way of not being JSON is malformed_json, each way
// of being JSON but not a report is schema; unknown result types are kept (they map to "other" in metrics).
using System.Text.Json.Nodes;
using Edge.Gateway.TlsReporting;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class TlsReportParserTests
{
    [Fact]
    public void Parse_Rfc8460Example_IsValidWithEveryField()
    {
        var result = TlsReportParser.Parse(TlsReports.Json(TlsReports.Rfc8460Example));

        Assert.True(result.IsValid, result.Detail);
        var report = result.Report!;
        Assert.Equal("Company-X", report.OrganizationName);
        Assert.Equal("5065427c-23d3-47ca-b6e0-946ea0e8c4be", report.ReportId);
        Assert.Equal(new DateTimeOffset(2016, 4, 1, 23, 59, 59, TimeSpan.Zero), report.DateRange.End);
        var policy = Assert.Single(report.Policies);
        Assert.Equal("sts", policy.Policy.PolicyType);
        Assert.Equal(4, policy.Policy.PolicyString!.Count);
        Assert.Equal(5326, policy.Summary.Successful);
        Assert.Equal(303, policy.Summary.Failed);
        Assert.Equal([100L, 200L, 3L], policy.FailureDetails!.Select(f => f.FailedSessionCount));
        Assert.Equal("203.0.113.56", policy.FailureDetails![1].ReceivingIp);
    }

    [Fact]
    public void Parse_DaneVariation_TwoPolicies_UnknownMembersSkipped_MxHostArray()
    {
        var result = TlsReportParser.Parse(TlsReports.Json(TlsReports.DaneVariation));

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(["tlsa", "no-policy-found"], result.Report!.Policies.Select(p => p.Policy.PolicyType));
        Assert.Equal(TlsResultType.Other, TlsReportLabels.ParseResultType(result.Report.Policies[0].FailureDetails![2].ResultType));
        Assert.Equal(TlsResultType.DaneRequired, TlsReportLabels.ParseResultType("dane-required"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"organization-name\": \"x\",}")] // trailing comma
    [InlineData("{\"a\": 1} {\"b\": 2}")] // two documents
    [InlineData("{\"a\": 'single quotes'}")]
    [InlineData("/* comment */ {}")]
    [InlineData("not json at all")]
    public void Parse_NotJson_IsMalformedJson(string text)
    {
        var result = TlsReportParser.Parse(TlsReports.Json(text));
        Assert.False(result.IsValid);
        Assert.Equal(TlsReportRejection.MalformedJson, result.Rejection);
    }

    [Fact]
    public void Parse_InvalidUtf8_IsMalformedJson()
    {
        byte[] bytes = [.. "{\"organization-name\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Equal(TlsReportRejection.MalformedJson, TlsReportParser.Parse(bytes).Rejection);
    }

    [Fact]
    public void Parse_NestingDeeperThanAllowed_IsMalformedJson()
    {
        var deep = new string('[', 200) + new string(']', 200);
        Assert.Equal(TlsReportRejection.MalformedJson, TlsReportParser.Parse(TlsReports.Json(deep)).Rejection);
    }

    public static TheoryData<string, string> SchemaViolations() => new()
    {
        { "array at the top", "[]" },
        { "null at the top", "null" },
        { "report-id missing", TlsReports.Changed(r => r.Remove("report-id")) },
        { "organization-name missing", TlsReports.Changed(r => r.Remove("organization-name")) },
        { "contact-info missing", TlsReports.Changed(r => r.Remove("contact-info")) },
        { "date-range missing", TlsReports.Changed(r => r.Remove("date-range")) },
        { "end-datetime missing", TlsReports.Changed(r => r["date-range"]!.AsObject().Remove("end-datetime")) },
        { "policies missing", TlsReports.Changed(r => r.Remove("policies")) },
        { "policies empty", TlsReports.Changed(r => r["policies"] = new JsonArray()) },
        { "policies not an array", TlsReports.Changed(r => r["policies"] = "sts") },
        { "policy entry null", TlsReports.Changed(r => r["policies"] = new JsonArray((JsonNode?)null)) },
        { "summary missing", TlsReports.Changed(r => TlsReports.FirstPolicy(r).Remove("summary")) },
        { "policy missing", TlsReports.Changed(r => TlsReports.FirstPolicy(r).Remove("policy")) },
        { "policy-type unknown", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!["policy-type"] = "dmarc") },
        { "policy-type in capitals", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!["policy-type"] = "STS") },
        { "policy-domain missing", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!.AsObject().Remove("policy-domain")) },
        { "policy-domain empty", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!["policy-domain"] = " ") },
        { "mx-host a number", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!["mx-host"] = 25) },
        { "mx-host array of numbers", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!["mx-host"] = new JsonArray(1, 2)) },
        { "policy-string a string", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["policy"]!["policy-string"] = "version: STSv1") },
        { "count as a string", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["summary"]!["total-successful-session-count"] = "5326") },
        { "count fractional", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["summary"]!["total-failure-session-count"] = 1.5) },
        { "count negative", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["summary"]!["total-failure-session-count"] = -1) },
        { "count null", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["summary"]!["total-failure-session-count"] = null) },
        { "failure result-type missing", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["failure-details"]![0]!.AsObject().Remove("result-type")) },
        { "failure count missing", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["failure-details"]![0]!.AsObject().Remove("failed-session-count")) },
        { "failure count negative", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["failure-details"]![0]!["failed-session-count"] = -100) },
        { "failure entry null", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["failure-details"] = new JsonArray((JsonNode?)null)) },
        { "receiving-ip a number", TlsReports.Changed(r => TlsReports.FirstPolicy(r)["failure-details"]![1]!["receiving-ip"] = 203) },
        { "date not a date", TlsReports.Changed(r => r["date-range"]!["start-datetime"] = "yesterday") },
        { "dates reversed", TlsReports.Changed(r => r["date-range"]!["start-datetime"] = "2016-04-02T00:00:00Z") },
        { "organization-name null", TlsReports.Changed(r => r["organization-name"] = null) },
        { "report-id a number", TlsReports.Changed(r => r["report-id"] = 42) },
        { "duplicate member", TlsReports.Rfc8460Example.Replace("\"report-id\":", "\"report-id\": \"first\", \"report-id\":", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(SchemaViolations))]
    public void Parse_JsonButNotAReport_IsSchema(string why, string json)
    {
        var result = TlsReportParser.Parse(TlsReports.Json(json));
        Assert.False(result.IsValid, why);
        Assert.Equal(TlsReportRejection.Schema, result.Rejection);
        Assert.NotEmpty(result.Detail);
    }

    [Fact]
    public void Parse_MissingMember_DetailNamesIt()
    {
        var result = TlsReportParser.Parse(TlsReports.Json(TlsReports.Changed(r => r.Remove("report-id"))));
        Assert.Contains("report-id", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Edge.Gateway", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OptionalMembersAbsent_IsValid()
    {
        var minimal = TlsReports.Changed(r =>
        {
            var policy = TlsReports.FirstPolicy(r);
            policy.Remove("failure-details");
            policy["policy"]!.AsObject().Remove("policy-string");
            policy["policy"]!.AsObject().Remove("mx-host");
        });
        Assert.True(TlsReportParser.Parse(TlsReports.Json(minimal)).IsValid);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsTolerated()
    {
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. TlsReports.Json(TlsReports.Rfc8460Example)];
        Assert.True(TlsReportParser.Parse(withBom).IsValid);
    }

    [Fact]
    public void ResultTypeLabels_MatchTheEnum()
    {
        Assert.Equal(Enum.GetValues<TlsResultType>().Length, TlsReportLabels.ResultTypes.Count);
        Assert.Equal(Enum.GetValues<TlsPolicyType>().Length, TlsReportLabels.PolicyTypes.Count);
        Assert.Equal(Enum.GetValues<TlsReportRejection>().Length, TlsReportLabels.Reasons.Count);
        Assert.Equal(Enum.GetValues<TlsReportChannel>().Length, TlsReportLabels.Channels.Count);
        foreach (var type in Enum.GetValues<TlsResultType>())
        {
            if (type != TlsResultType.Other)
            {
                Assert.Equal(type, TlsReportLabels.ParseResultType(TlsReportLabels.ResultTypes[(int)type]));
            }
        }

        Assert.Equal("sts-webpki-invalid", TlsReportLabels.ResultTypes[(int)TlsResultType.StsWebpkiInvalid]);
        Assert.Equal("no-policy-found", TlsReportLabels.PolicyTypes[(int)TlsPolicyType.NoPolicyFound]);
    }
}
