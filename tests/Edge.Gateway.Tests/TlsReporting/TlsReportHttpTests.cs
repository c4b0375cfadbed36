// TLSRPT over HTTP end to end: reports POSTed to the real gateway's /tlsrpt as application/tlsrpt+json and +gzip are
// answered 202 and become exact metric deltas; bad input gets 400/413/415, a POST beyond MaxConcurrent 503, each
// counted by reason; the recent reports are listed at /tlsrpt/reports.
using System.Net;
using System.Text.Json;
using Edge.Gateway.Tests.Metrics;
using Edge.Gateway.TlsReporting;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class TlsReportHttpTests
{
    private const string Json = "application/tlsrpt+json";
    private const string Gzip = "application/tlsrpt+gzip";
    private const string Sessions = "edge_tlsrpt_sessions_total";
    private const string Failed = "edge_tlsrpt_failed_sessions_total";
    private const string Reports = "edge_tlsrpt_reports_total";
    private const string Rejected = "edge_tlsrpt_reports_rejected_total";

    [Fact]
    public async Task Post_Rfc8460Example_JsonAndGzip_Accepted202_MetricDeltas()
    {
        await using var host = await TlsRptHost.StartAsync(null);
        var before = await host.ScrapeAsync();
        var json = TlsReports.Json(TlsReports.Rfc8460Example);

        using (var response = await host.PostAsync(json, Json))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using (var response = await host.PostAsync(TlsReports.Gzip(json), Gzip))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var d = new Deltas(before, await host.ScrapeAsync());
        Assert.Equal(2, d.Of(Reports, ("channel", "https")));
        Assert.Equal(0, d.Of(Reports, ("channel", "mail")));
        Assert.Equal(2 * 5326, d.Of(Sessions, ("policy_type", "sts"), ("result", "success")));
        Assert.Equal(2 * 303, d.Of(Sessions, ("policy_type", "sts"), ("result", "failure")));
        Assert.Equal(0, d.Sum(Sessions, ("policy_type", "tlsa")));
        Assert.Equal(2 * 100, d.Of(Failed, ("result_type", "certificate-expired")));
        Assert.Equal(2 * 200, d.Of(Failed, ("result_type", "starttls-not-supported")));
        Assert.Equal(2 * 3, d.Of(Failed, ("result_type", "validation-failure")));
        Assert.Equal(2 * 303, d.Sum(Failed));
        Assert.Equal(0, d.Sum(Rejected));
    }

    [Fact]
    public async Task Post_DaneVariation_CountsByPolicyTypeAndOther()
    {
        await using var host = await TlsRptHost.StartAsync(null);
        var before = await host.ScrapeAsync();

        using (var response = await host.PostAsync(TlsReports.Gzip(TlsReports.Json(TlsReports.DaneVariation)), "application/tlsrpt+gzip; charset=utf-8"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var d = new Deltas(before, await host.ScrapeAsync());
        Assert.Equal(10, d.Of(Sessions, ("policy_type", "tlsa"), ("result", "success")));
        Assert.Equal(7, d.Of(Sessions, ("policy_type", "tlsa"), ("result", "failure")));
        Assert.Equal(50, d.Of(Sessions, ("policy_type", "no-policy-found"), ("result", "success")));
        Assert.Equal(5, d.Of(Sessions, ("policy_type", "no-policy-found"), ("result", "failure")));
        Assert.Equal(4, d.Of(Failed, ("result_type", "dane-required")));
        Assert.Equal(2, d.Of(Failed, ("result_type", "tlsa-invalid")));
        Assert.Equal(1, d.Of(Failed, ("result_type", "other")));
        Assert.Equal(5, d.Of(Failed, ("result_type", "starttls-not-supported")));
    }

    public static TheoryData<string, byte[], string?, HttpStatusCode, string> BadInputs() => new()
    {
        { "malformed json", TlsReports.Json("{\"organization-name\": "), Json, HttpStatusCode.BadRequest, "malformed_json" },
        { "malformed json in gzip", TlsReports.Gzip(TlsReports.Json("{{{")), Gzip, HttpStatusCode.BadRequest, "malformed_json" },
        { "schema", TlsReports.Json(TlsReports.Changed(r => r.Remove("policies"))), Json, HttpStatusCode.BadRequest, "schema" },
        { "schema in gzip", TlsReports.Gzip(TlsReports.Json("{\"hello\": \"world\"}")), Gzip, HttpStatusCode.BadRequest, "schema" },
        { "json sent as gzip", TlsReports.Json(TlsReports.Rfc8460Example), Gzip, HttpStatusCode.BadRequest, "bad_gzip" },
        { "gzip bomb", TlsReports.Bomb(9 * 1024 * 1024), Gzip, HttpStatusCode.RequestEntityTooLarge, "bomb" },
        { "oversized json", new byte[(1024 * 1024) + 1], Json, HttpStatusCode.RequestEntityTooLarge, "too_large" },
        { "plain json type", TlsReports.Json(TlsReports.Rfc8460Example), "application/json", HttpStatusCode.UnsupportedMediaType, "unsupported_type" },
        { "no content type", TlsReports.Json(TlsReports.Rfc8460Example), null, HttpStatusCode.UnsupportedMediaType, "unsupported_type" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Post_BadInput_RejectedWithStatus_CountedByReason(string why, byte[] body, string? type, HttpStatusCode status, string reason)
    {
        await using var host = await TlsRptHost.StartAsync(null);
        var before = await host.ScrapeAsync();

        using (var response = await host.PostAsync(body, type))
        {
            Assert.Equal(status, response.StatusCode);
            Assert.StartsWith(reason + ":", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var d = new Deltas(before, await host.ScrapeAsync());
        Assert.True(1 == d.Of(Rejected, ("channel", "https"), ("reason", reason)), why);
        Assert.Equal(1, d.Sum(Rejected));
        Assert.Equal(0, d.Sum(Reports));
        Assert.Equal(0, d.Sum(Sessions));
    }

    [Fact]
    public async Task Post_ChunkedBodyOverTheLimit_413WithoutContentLength()
    {
        await using var host = await TlsRptHost.StartAsync(null, "--Edge:TlsRpt:MaxBodyBytes=4096");
        var before = await host.ScrapeAsync();
        using var content = new StreamContent(new MemoryStream(new byte[10_000]));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Url("/tlsrpt")) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var client = new HttpClient();
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(1, new Deltas(before, await host.ScrapeAsync()).Of(Rejected, ("channel", "https"), ("reason", "too_large")));
    }

    [Fact]
    public async Task Post_MaxConcurrentInProgress_503RetryAfter_CountedBusy_ThenAcceptedAgain()
    {
        await using var host = await TlsRptHost.StartAsync(null, "--Edge:TlsRpt:MaxConcurrent=2");
        var gate = host.Services.GetRequiredService<TlsReportGate>();
        var before = await host.ScrapeAsync();
        var json = TlsReports.Json(TlsReports.Rfc8460Example);

        using (var first = gate.TryEnter())
        using (var second = gate.TryEnter())
        {
            Assert.True(first.IsAcquired && second.IsAcquired);
            using var busy = await host.PostAsync(json, Json);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), busy.Headers.RetryAfter?.Delta);
        }

        using (var accepted = await host.PostAsync(json, Json))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var d = new Deltas(before, await host.ScrapeAsync());
        Assert.Equal(1, d.Of(Rejected, ("channel", "https"), ("reason", "busy")));
        Assert.Equal(1, d.Of(Reports, ("channel", "https")));
    }

    [Fact]
    public async Task Reports_ListsAcceptedReportsNewestFirst_KeepLastBounded()
    {
        await using var host = await TlsRptHost.StartAsync(null, "--Edge:TlsRpt:KeepLast=2");
        Assert.Equal("[]", await host.GetStringAsync("/tlsrpt/reports"));
        for (var i = 0; i < 3; i++)
        {
            var report = TlsReports.Changed(r => r["report-id"] = $"report-{i}");
            using var response = await host.PostAsync(TlsReports.Json(report), Json);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        using var list = JsonDocument.Parse(await host.GetStringAsync("/tlsrpt/reports"));
        var reports = list.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["report-2", "report-1"], reports.Select(r => r.GetProperty("report-id").GetString()));
        var policy = reports[0].GetProperty("policies")[0];
        Assert.Equal("https", reports[0].GetProperty("channel").GetString());
        Assert.Equal("Company-X", reports[0].GetProperty("organization-name").GetString());
        Assert.Equal("sts", policy.GetProperty("policy-type").GetString());
        Assert.Equal(303, policy.GetProperty("total-failure-session-count").GetInt64());
        Assert.Equal(200, policy.GetProperty("failures-by-type").GetProperty("starttls-not-supported").GetInt64());
        Assert.Equal("mx2.mail.company-y.example", policy.GetProperty("failure-details")[1].GetProperty("receiving-mx-hostname").GetString());
        Assert.Equal(["*.mail.company-y.example"], policy.GetProperty("mx-host").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Metrics_BeforeAnyReport_EverySeriesExportedAtZero()
    {
        await using var host = await TlsRptHost.StartAsync(null);
        var scrape = await host.ScrapeAsync();
        Assert.Equal("counter", scrape.Types[Reports]);
        Assert.Equal(2, scrape.Samples.Count(s => s.Name == Reports));
        Assert.Equal(6, scrape.Samples.Count(s => s.Name == Sessions));
        Assert.Equal(12, scrape.Samples.Count(s => s.Name == Failed));
        Assert.Equal(18, scrape.Samples.Count(s => s.Name == Rejected));
        Assert.Contains(scrape.Samples, s => s.Name == Failed && s.Labels["result_type"] == "sts-policy-fetch-error");
        Assert.Equal(0, scrape.Sum(Reports) + scrape.Sum(Sessions) + scrape.Sum(Failed) + scrape.Sum(Rejected));
    }

    [Fact]
    public async Task Path_Configured_MovesTheEndpoints_EmptyTurnsThemOff()
    {
        await using (var moved = await TlsRptHost.StartAsync(null, "--Edge:TlsRpt:Path=/.well-known/tlsrpt"))
        {
            using var accepted = await moved.PostAsync(TlsReports.Json(TlsReports.Rfc8460Example), Json, "/.well-known/tlsrpt");
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            using var old = await moved.PostAsync(TlsReports.Json(TlsReports.Rfc8460Example), Json);
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        }

        await using var off = await TlsRptHost.StartAsync(null, "--Edge:TlsRpt:Path=");
        using var none = await off.PostAsync(TlsReports.Json(TlsReports.Rfc8460Example), Json);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using var list = await off.GetAsync("/tlsrpt/reports");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }
}
