// PolicyReasonMap and ConnectionMetrics without a host: every refusal reply maps to its reason, other replies to
// none; a sink's REQUIRETLS refusal is also the requiretls_refused downgrade; connection refusals map one to one.
using System.Net;
using Edge.Gateway.Connections;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tls;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Tests.Metrics;

public sealed class PolicyReasonMapTests
{
    public static TheoryData<string, string> Refusals => new()
    {
        { nameof(SmtpReplies.RelayDenied), "relay_denied" },
        { nameof(SmtpReplies.MustStartTls), "tls_required" },
        { nameof(SmtpReplies.AuthenticationRequired), "auth_required" },
        { nameof(SmtpReplies.MessageTooBig), "message_too_big" },
        { nameof(SmtpReplies.TooManyRecipients), "too_many_recipients" },
        { nameof(SmtpReplies.BareLineEnding), "bare_line_ending" },
        { nameof(SmtpReplies.TooManyErrors), "too_many_errors" },
        { nameof(SmtpReplies.TooManyJunkCommands), "too_many_junk" },
        { nameof(SmtpReplies.RequireTlsUnavailable), "requiretls_unavailable" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void TryGet_PolicyReply_MapsToItsReason(string field, string reason)
    {
        var reply = (SmtpReply)typeof(SmtpReplies).GetField(field)!.GetValue(null)!;

        Assert.True(PolicyReasonMap.TryGet(reply, out var mapped));
        Assert.Equal(reason, MetricLabels.PolicyReasons[(int)mapped]);
    }

    [Fact]
    public void TryGet_OtherRepliesAndLookalikes_AreNotPolicy()
    {
        Assert.False(PolicyReasonMap.TryGet(SmtpReplies.Ok, out _));
        Assert.False(PolicyReasonMap.TryGet(SmtpReplies.SyntaxError, out _));
        Assert.False(PolicyReasonMap.TryGet(SmtpReplies.LocalError, out _));
        Assert.False(PolicyReasonMap.TryGet(SmtpReply.Create(550, "5.7.1", "Relaying denied"), out _)); // a backend's, not ours
    }

    [Fact]
    public void Of_EveryConnectionRefusal_HasItsOwnReason()
    {
        var reasons = Enum.GetValues<ConnectionRefusal>().Select(r => MetricLabels.PolicyReasons[(int)PolicyReasonMap.Of(r)]).ToArray();

        Assert.Equal(["proxy_untrusted", "proxy_malformed", "proxy_timeout", "connection_limit", "address_limit", "early_talker", "address_rate"], reasons);
    }

    [Fact]
    public void PolicyReasons_MatchTheEnum()
    {
        Assert.Equal(Enum.GetValues<PolicyReason>().Length, MetricLabels.PolicyReasons.Count);
        Assert.Equal(Enum.GetValues<AuthResult>().Length, MetricLabels.AuthResults.Count);
        Assert.Equal(Enum.GetValues<BackendResult>().Length, MetricLabels.BackendResults.Count);
        Assert.Equal(Enum.GetValues<BackendStage>().Length, MetricLabels.BackendStages.Count);
    }

    [Fact]
    public async Task Reply_SinkRefusedRequireTls_CountsPolicyAndDowngradeOncePerSession()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var connection = new ConnectionMetrics(metrics, MetricsFixtures.Listener("mx", TlsMode.StartTls), "c1", new IPEndPoint(IPAddress.Loopback, 1), tlsActive: true);
        connection.Reply(new SinkReply(SmtpReplies.RequireTlsUnavailable));
        connection.Reply(new SinkReply(SmtpReplies.RequireTlsUnavailable));
        connection.Reply(new SinkReply(550, "550 5.7.30 backend's own text\r\n"u8.ToArray()));

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        Assert.Equal(2, scrape.Value("edge_policy_rejections_total", ("listener", "mx"), ("reason", "requiretls_unavailable")));
        Assert.Equal(1, scrape.Value("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "requiretls_refused")));
        Assert.Equal(3, scrape.Value("edge_replies_total", ("listener", "mx"), ("class", "5xx")));
    }

    [Fact]
    public async Task Auth_EachMechanismAndResult_HasItsOwnSeries()
    {
        var metrics = MetricsFixtures.CreateMetrics();
        var connection = new ConnectionMetrics(metrics, MetricsFixtures.Listener("submission", TlsMode.StartTls), "c1", null, tlsActive: true);
        foreach (var result in Enum.GetValues<AuthResult>())
        {
            connection.Auth(login: false, result);
            connection.Auth(login: true, result);
            connection.Auth(login: true, result);
        }

        var scrape = await MetricsFixtures.ScrapeAsync(metrics);
        foreach (var result in MetricLabels.AuthResults)
        {
            Assert.Equal(1, scrape.Value("edge_auth_attempts_total", ("listener", "submission"), ("mechanism", "plain"), ("result", result)));
            Assert.Equal(2, scrape.Value("edge_auth_attempts_total", ("listener", "submission"), ("mechanism", "login"), ("result", result)));
        }
    }
}
