// TLSRPT by mail end to end: MailKit sends report messages through the real gateway to TestBackendMta. Every message
// is relayed byte-exact whatever its report holds; reports to Edge:TlsRpt:Mailboxes are then read on the side and
// counted (channel "mail"), bad ones by reason. Messages to other recipients, or refused by the backend, are not read:
// shown by sending them first and a counted report after it (the reader is one FIFO queue).
using Edge.Gateway.Tests.Metrics;
using Edge.Gateway.Tests.Relay;
using Edge.Gateway.Tests.Support;
using MailKit.Security;
using MimeKit;

namespace Edge.Gateway.Tests.TlsReporting;

[Collection(RelayTestGroup.Name)]
public sealed class TlsReportMailTests
{
    private const string Reports = "edge_tlsrpt_reports_total";
    private const string Rejected = "edge_tlsrpt_reports_rejected_total";
    private const string Sessions = "edge_tlsrpt_sessions_total";
    private const string Failed = "edge_tlsrpt_failed_sessions_total";
    private static readonly string MailboxArg = "--Edge:TlsRpt:Mailboxes:0=" + ReportMail.Mailbox;

    [Fact]
    public async Task Mail_Rfc8460ExampleGzip_RelayedByteExact_ReadAsMailReport()
    {
        await using var backend = new TestBackendMta();
        await using var host = await TlsRptHost.StartAsync(backend.Endpoint, MailboxArg);
        var before = await host.ScrapeAsync();

        var message = ReportMail.Create(TlsReports.Gzip(TlsReports.Json(TlsReports.Rfc8460Example)));
        var sent = await SendAsync(host, message);

        TestMessages.AssertRelayed(sent, Assert.Single(backend.Messages).Content);
        var after = await host.ScrapeUntilAsync(s => s.Value(Reports, ("channel", "mail")) >= 1);
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of(Reports, ("channel", "mail")));
        Assert.Equal(0, d.Of(Reports, ("channel", "https")));
        Assert.Equal(5326, d.Of(Sessions, ("policy_type", "sts"), ("result", "success")));
        Assert.Equal(303, d.Of(Sessions, ("policy_type", "sts"), ("result", "failure")));
        Assert.Equal(100, d.Of(Failed, ("result_type", "certificate-expired")));
        Assert.Equal(200, d.Of(Failed, ("result_type", "starttls-not-supported")));
        Assert.Equal(3, d.Of(Failed, ("result_type", "validation-failure")));
        Assert.Equal(0, d.Sum(Rejected));
        Assert.Equal(1, d.Of("edge_backend_transactions_total", ("backend", "mta1"), ("result", "accepted")));
        Assert.Empty(backend.Violations);

        var listed = await host.GetStringAsync("/tlsrpt/reports");
        Assert.Contains("\"channel\":\"mail\"", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mail_JsonAttachment_MailboxInOtherCase_DaneVariationCounted()
    {
        await using var backend = new TestBackendMta();
        await using var host = await TlsRptHost.StartAsync(backend.Endpoint, MailboxArg);
        var before = await host.ScrapeAsync();

        var message = ReportMail.Create(TlsReports.Json(TlsReports.DaneVariation), "tlsrpt+json", to: "TLSRPT@Example.COM");
        var sent = await SendAsync(host, message);

        TestMessages.AssertRelayed(sent, Assert.Single(backend.Messages).Content);
        var d = new Deltas(before, await host.ScrapeUntilAsync(s => s.Value(Reports, ("channel", "mail")) >= 1));
        Assert.Equal(1, d.Of(Reports, ("channel", "mail")));
        Assert.Equal(7, d.Of(Sessions, ("policy_type", "tlsa"), ("result", "failure")));
        Assert.Equal(5, d.Of(Sessions, ("policy_type", "no-policy-found"), ("result", "failure")));
        Assert.Equal(4, d.Of(Failed, ("result_type", "dane-required")));
        Assert.Equal(1, d.Of(Failed, ("result_type", "other")));
    }

    public static TheoryData<string, string> BadReports() => new()
    {
        { "malformed json", "malformed_json" },
        { "schema", "schema" },
        { "bomb", "bomb" },
        { "bad gzip", "bad_gzip" },
        { "no report", "no_report" },
        { "attachment over MaxBodyBytes", "too_large" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task Mail_BadReport_StillRelayedByteExact_CountedByReason(string kind, string reason)
    {
        await using var backend = new TestBackendMta();
        await using var host = await TlsRptHost.StartAsync(backend.Endpoint, MailboxArg, "--Edge:TlsRpt:MaxBodyBytes=65536");
        var before = await host.ScrapeAsync();

        var message = kind switch
        {
            "malformed json" => ReportMail.Create(TlsReports.Gzip(TlsReports.Json("{\"policies\": [")), "tlsrpt+gzip"),
            "schema" => ReportMail.Create(TlsReports.Json(TlsReports.Changed(r => r.Remove("report-id"))), "tlsrpt+json"),
            "bomb" => ReportMail.Create(TlsReports.Bomb(9 * 1024 * 1024)),
            "bad gzip" => ReportMail.Create(TlsReports.Json(TlsReports.Rfc8460Example)),
            "no report" => ReportMail.TextOnly("no attachment here\r\n"),
            _ => ReportMail.Create(new byte[100_000], "tlsrpt+json"),
        };
        var sent = await SendAsync(host, message);

        TestMessages.AssertRelayed(sent, Assert.Single(backend.Messages).Content);
        var d = new Deltas(before, await host.ScrapeUntilAsync(s => s.Sum(Rejected, ("channel", "mail")) >= 1));
        Assert.Equal(1, d.Of(Rejected, ("channel", "mail"), ("reason", reason)));
        Assert.Equal(1, d.Sum(Rejected));
        Assert.Equal(0, d.Sum(Reports));
        Assert.Equal(0, d.Sum(Sessions));
    }

    [Fact]
    public async Task Mail_OverMaxMessageBytes_RelayedByteExact_NotRead_TooLarge()
    {
        await using var backend = new TestBackendMta();
        await using var host = await TlsRptHost.StartAsync(backend.Endpoint, MailboxArg, "--Edge:TlsRpt:MaxMessageBytes=4096");
        var before = await host.ScrapeAsync();

        var message = ReportMail.Create(TlsReports.Json(TlsReports.Rfc8460Example + new string(' ', 8000)), "tlsrpt+json");
        var sent = await SendAsync(host, message);

        TestMessages.AssertRelayed(sent, Assert.Single(backend.Messages).Content);
        var d = new Deltas(before, await host.ScrapeUntilAsync(s => s.Sum(Rejected) >= 1));
        Assert.Equal(1, d.Of(Rejected, ("channel", "mail"), ("reason", "too_large")));
        Assert.Equal(0, d.Sum(Reports));
    }

    [Fact]
    public async Task Mail_OtherRecipientOrRefusedByBackend_NotRead()
    {
        await using var backend = new TestBackendMta();
        await using var host = await TlsRptHost.StartAsync(backend.Endpoint, MailboxArg);
        var before = await host.ScrapeAsync();
        var report = TlsReports.Gzip(TlsReports.Json(TlsReports.Rfc8460Example));

        using (var client = await MailKitClient.ConnectAsync(host.Mx, SecureSocketOptions.None))
        {
            await client.SendAsync(ReportMail.Create(report, to: "postmaster@example.com"));
            backend.DataEndReply = "554 5.7.1 Refused by the backend";
            var refused = await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => client.SendAsync(ReportMail.Create(report)));
            Assert.Equal(554, (int)refused.StatusCode);
            backend.DataEndReply = null;
            await client.SendAsync(ReportMail.Create(report)); // read after the two above, in order
            await client.DisconnectAsync(quit: true);
        }

        var d = new Deltas(before, await host.ScrapeUntilAsync(s => s.Value(Reports, ("channel", "mail")) >= 1));
        Assert.Equal(1, d.Of(Reports, ("channel", "mail")));
        Assert.Equal(303, d.Sum(Failed));
        Assert.Equal(0, d.Sum(Rejected));
        Assert.Equal(2, backend.Messages.Count);
    }

    [Fact]
    public async Task Mail_DirectoryDelivery_ReportStillRead()
    {
        await using var host = await TlsRptHost.StartAsync(null, MailboxArg);
        var before = await host.ScrapeAsync();

        await SendAsync(host, ReportMail.Create(TlsReports.Gzip(TlsReports.Json(TlsReports.Rfc8460Example))));

        var d = new Deltas(before, await host.ScrapeUntilAsync(s => s.Value(Reports, ("channel", "mail")) >= 1));
        Assert.Equal(1, d.Of(Reports, ("channel", "mail")));
    }

    private static async Task<byte[]> SendAsync(TlsRptHost host, MimeMessage message)
    {
        using var client = await MailKitClient.ConnectAsync(host.Mx, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return MailKitClient.SentBytes(message);
    }
}
