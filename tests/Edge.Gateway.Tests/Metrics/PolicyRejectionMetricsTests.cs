// edge_policy_rejections_total over real sockets against the real host: each refusal Edge makes by policy counts
// exactly once under its reason (SMTP-level ones from the session, connection-level ones from the middleware),
// and nothing else is counted as a policy refusal.
namespace Edge.Gateway.Tests.Metrics;

public sealed class PolicyRejectionMetricsTests
{
    [Fact]
    public async Task RcptToForeignDomain_CountsRelayDenied()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("HELO client.example"));
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<sender@example.org>"));
            Assert.StartsWith("550 5.7.1", await client.CommandAsync("RCPT TO:<someone@elsewhere.example>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<user@localhost>"));
            await client.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "relay_denied")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
    }

    [Fact]
    public async Task DeclaredSizeAndContentOverLimit_CountMessageTooBigTwice()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Limits:MaxMessageSize=65536");
        var before = await host.ScrapeAsync();

        var body = string.Concat(Enumerable.Repeat(new string('x', 98) + "\r\n", 700)); // 70,000 octets in 100-octet lines

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("552 5.3.4", await client.CommandAsync("MAIL FROM:<sender@example.org> SIZE=70000"), StringComparison.Ordinal);
            Assert.StartsWith("552 5.3.4", await client.SendMessageAsync("user@localhost", "Subject: big\r\n\r\n" + body), StringComparison.Ordinal);
            await client.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(2, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "message_too_big")));
        Assert.Equal(2, d.Sum("edge_policy_rejections_total"));
        Assert.Equal(1, d.Of("edge_messages_total", ("listener", "mx"), ("result", "rejected")));
    }

    [Fact]
    public async Task BareLfInContent_CountsBareLineEnding()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("HELO client.example"));
            Assert.StartsWith("550 5.6.11", await client.SendMessageAsync("user@localhost", "Subject: x\r\n\r\nbare\nLF\r\n"), StringComparison.Ordinal);
            await client.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "bare_line_ending")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
    }

    [Fact]
    public async Task RequireTlsWithoutSupport_CountsRequireTlsUnavailableWithoutDowngrade()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectSubmissionsAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("550 5.7.30", await client.CommandAsync("MAIL FROM:<sender@example.org> REQUIRETLS"), StringComparison.Ordinal);
            await client.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "submissions"), ("reason", "requiretls_unavailable")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
        Assert.Equal(0, d.Sum("edge_starttls_downgrades_total")); // refused by the session, not by a relay that lost TLS
    }

    [Fact]
    public async Task ListenerFull_CountsConnectionLimit()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Listeners:0:MaxConnections=1");
        var before = await host.ScrapeAsync();

        await using (var first = await host.ConnectMxAsync())
        {
            await using (var second = await SmtpTestClient.ConnectAsync(host.Mx, implicitTls: false, readGreeting: false))
            {
                Assert.StartsWith("421 4.7.0", await second.ReadReplyAsync(), StringComparison.Ordinal);
            }

            await first.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "connection_limit")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
        Assert.Equal(2, d.Of("edge_connections_total", ("listener", "mx")));
    }

    [Fact]
    public async Task AddressFull_CountsAddressLimit()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Limits:MaxConnectionsPerAddress=1");
        var before = await host.ScrapeAsync();

        await using (var first = await host.ConnectMxAsync())
        {
            await using (var second = await SmtpTestClient.ConnectAsync(host.Mx, implicitTls: false, readGreeting: false))
            {
                Assert.StartsWith("421 4.7.0", await second.ReadReplyAsync(), StringComparison.Ordinal);
            }

            await first.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "address_limit")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
    }

    [Fact]
    public async Task TalkBeforeGreeting_CountsEarlyTalker()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Listeners:0:GreetingDelay=00:00:02");
        var before = await host.ScrapeAsync();

        await using (var client = await SmtpTestClient.ConnectAsync(host.Mx, implicitTls: false, readGreeting: false))
        {
            await client.SendAsync("EHLO bot.example\r\n");
            Assert.StartsWith("554 5.5.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
            await client.WaitForCloseAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "early_talker")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
        Assert.Equal(0, d.Sum("edge_sessions_total")); // refused before the session began
    }

    [Fact]
    public async Task MailBeforeStartTlsOnTlsRequiredListener_CountsTlsRequired()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Listeners:0:RequireTls=true");
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("530 5.7.0", await client.CommandAsync("MAIL FROM:<sender@example.org>"), StringComparison.Ordinal);
            await client.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(1, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "tls_required")));
        Assert.Equal(1, d.Sum("edge_policy_rejections_total"));
    }

    [Fact]
    public async Task TooManyRecipients_CountsEachRefusedRecipient()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Limits:MaxRecipients=1");
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("HELO client.example"));
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<sender@example.org>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<a@localhost>"));
            Assert.StartsWith("452 4.5.3", await client.CommandAsync("RCPT TO:<b@localhost>"), StringComparison.Ordinal);
            Assert.StartsWith("452 4.5.3", await client.CommandAsync("RCPT TO:<c@localhost>"), StringComparison.Ordinal);
            await client.QuitAsync();
        }

        var d = new Deltas(before, await host.ScrapeWhenIdleAsync());
        Assert.Equal(2, d.Of("edge_policy_rejections_total", ("listener", "mx"), ("reason", "too_many_recipients")));
        Assert.Equal(2, d.Sum("edge_policy_rejections_total"));
    }
}
