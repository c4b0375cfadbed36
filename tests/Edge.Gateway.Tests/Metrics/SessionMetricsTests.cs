// Integration tests: real SMTP sessions against an in-process host, then /metrics scraped over HTTP and the
// exact counter deltas asserted (plaintext, STARTTLS, implicit TLS, failed handshake, injection, refusals).
namespace Edge.Gateway.Tests.Metrics;

public sealed class SessionMetricsTests
{
    private const string Content = "Subject: hi\r\n\r\nhello\r\n";

    [Fact]
    public async Task PlaintextSession_WithMessage_CountsConnectionCommandsRepliesMessageAndOfferDowngrade()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await client.SendMessageAsync("user@localhost", Content));
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_connections_total", ("listener", "mx")));
        Assert.Equal(0, after.Value("edge_connections_active", ("listener", "mx")));
        Assert.Equal(1, d.Of("edge_sessions_total", ("listener", "mx"), ("tls", "none")));
        Assert.Equal(0, d.Of("edge_sessions_total", ("listener", "mx"), ("tls", "starttls")));
        foreach (var verb in new[] { "ehlo", "mail", "rcpt", "data", "quit" })
        {
            Assert.Equal(1, d.Of("edge_commands_total", ("listener", "mx"), ("verb", verb)));
        }

        Assert.Equal(5, d.Sum("edge_commands_total", ("listener", "mx")));
        Assert.Equal(6, d.Of("edge_replies_total", ("listener", "mx"), ("class", "2xx"))); // 220, EHLO, MAIL, RCPT, end of data, 221
        Assert.Equal(1, d.Of("edge_replies_total", ("listener", "mx"), ("class", "3xx"))); // 354
        Assert.Equal(0, d.Of("edge_replies_total", ("listener", "mx"), ("class", "5xx")));
        Assert.Equal(1, d.Of("edge_messages_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(Content.Length, d.Of("edge_message_bytes_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(1, d.Of("edge_recipients_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(1, d.Of("edge_starttls_downgrades_total", ("listener", "mx"), ("kind", "plaintext_after_offer")));
        Assert.Equal(1, d.Sum("edge_starttls_downgrades_total"));
        Assert.Equal(0, d.Sum("edge_tls_handshakes_total"));
    }

    [Fact]
    public async Task StartTlsSession_WithMessage_CountsHandshakeAndStartTlsSession()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            await client.StartTlsAsync();
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await client.SendMessageAsync("user@localhost", Content));
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_tls_handshakes_total", ("listener", "mx"), ("mode", "starttls"), ("result", "success"), ("protocol", "tls1.3")));
        Assert.Equal(1, d.Sum("edge_tls_handshakes_total"));
        Assert.Equal(1, d.Of("edge_tls_handshake_duration_seconds_count", ("listener", "mx"), ("mode", "starttls")));
        Assert.Equal(0, d.Sum("edge_tls_handshake_failures_total"));
        Assert.Equal(1, d.Of("edge_sessions_total", ("listener", "mx"), ("tls", "starttls")));
        Assert.Equal(1, d.Sum("edge_sessions_total"));
        Assert.Equal(1, d.Of("edge_commands_total", ("listener", "mx"), ("verb", "starttls")));
        Assert.Equal(2, d.Of("edge_commands_total", ("listener", "mx"), ("verb", "ehlo")));
        Assert.Equal(1, d.Of("edge_messages_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(0, d.Sum("edge_starttls_downgrades_total"));
        Assert.Equal(0, d.Sum("edge_starttls_plaintext_discarded_total"));
    }

    [Fact]
    public async Task ImplicitTlsSession_CountsImplicitHandshakeAndSession()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectSubmissionsAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_connections_total", ("listener", "submissions")));
        Assert.Equal(1, d.Of("edge_tls_handshakes_total", ("listener", "submissions"), ("mode", "implicit"), ("result", "success"), ("protocol", "tls1.3")));
        Assert.Equal(1, d.Of("edge_tls_handshake_duration_seconds_count", ("listener", "submissions"), ("mode", "implicit")));
        Assert.Equal(1, d.Of("edge_sessions_total", ("listener", "submissions"), ("tls", "implicit")));
        Assert.Equal(1, d.Sum("edge_sessions_total"));
        Assert.Equal(0, d.Sum("edge_starttls_downgrades_total"));
    }

    [Fact]
    public async Task ImplicitTlsListener_GarbageInsteadOfClientHello_CountsNotTlsFailureAndNoSession()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await SmtpTestClient.ConnectAsync(host.Submissions, implicitTls: false, readGreeting: false))
        {
            await client.SendAsync("EHLO not-a-client-hello\r\n");
            await client.WaitForCloseAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_connections_total", ("listener", "submissions")));
        Assert.Equal(0, after.Value("edge_connections_active", ("listener", "submissions")));
        Assert.Equal(1, d.Of("edge_tls_handshake_failures_total", ("listener", "submissions"), ("mode", "implicit"), ("reason", "not_tls")));
        Assert.Equal(1, d.Sum("edge_tls_handshake_failures_total"));
        Assert.Equal(1, d.Of("edge_tls_handshakes_total", ("listener", "submissions"), ("mode", "implicit"), ("result", "failure"), ("protocol", "none")));
        Assert.Equal(0, d.Sum("edge_tls_handshakes_total", ("result", "success")));
        Assert.Equal(0, d.Sum("edge_sessions_total"));
        Assert.Equal(0, d.Sum("edge_commands_total"));
    }

    [Fact]
    public async Task StartTls_WithPipelinedPlaintext_CountsDiscardAndNeverRunsInjectedCommand()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            await client.SendAsync("STARTTLS\r\nNOOP\r\n");
            Assert.StartsWith("220", await client.ReadReplyAsync());
            await client.HandshakeAsync();
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_starttls_plaintext_discarded_total", ("listener", "mx")));
        Assert.Equal(0, d.Of("edge_commands_total", ("listener", "mx"), ("verb", "noop")));
        Assert.Equal(1, d.Of("edge_commands_total", ("listener", "mx"), ("verb", "starttls")));
        Assert.Equal(1, d.Of("edge_tls_handshakes_total", ("listener", "mx"), ("mode", "starttls"), ("result", "success"), ("protocol", "tls1.3")));
        Assert.Equal(1, d.Of("edge_sessions_total", ("listener", "mx"), ("tls", "starttls")));
    }

    [Fact]
    public async Task RelayDeniedRecipientAndBareLfMessage_CountRejections()
    {
        await using var host = await MetricsTestHost.StartAsync();
        var before = await host.ScrapeAsync();
        const string bareLf = "Subject: x\r\n\r\nline\nwith bare LF\r\n";

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("HELO client.example"));
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<sender@example.org>"));
            Assert.StartsWith("550", await client.CommandAsync("RCPT TO:<someone@elsewhere.example>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<user@localhost>"));
            Assert.StartsWith("354", await client.CommandAsync("DATA"));
            await client.SendAsync(bareLf + ".\r\n");
            Assert.StartsWith("550", await client.ReadReplyAsync());
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_recipients_total", ("listener", "mx"), ("result", "rejected")));
        Assert.Equal(1, d.Of("edge_recipients_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(1, d.Of("edge_messages_total", ("listener", "mx"), ("result", "rejected")));
        Assert.Equal(0, d.Of("edge_messages_total", ("listener", "mx"), ("result", "accepted")));
        Assert.Equal(bareLf.Length, d.Of("edge_message_bytes_total", ("listener", "mx"), ("result", "rejected")));
        Assert.Equal(2, d.Of("edge_replies_total", ("listener", "mx"), ("class", "5xx")));
        Assert.Equal(0, d.Sum("edge_starttls_downgrades_total")); // HELO: STARTTLS was never offered, no TLS history
    }

    [Fact]
    public async Task OversizedBdatChunk_CountsItsDeferredReplyOnce()
    {
        await using var host = await MetricsTestHost.StartAsync("--Edge:Limits:MaxMessageSize=65536");
        var before = await host.ScrapeAsync();

        await using (var client = await host.ConnectMxAsync())
        {
            Assert.StartsWith("250", await client.CommandAsync("EHLO client.example"));
            Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<sender@example.org>"));
            Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<user@localhost>"));
            await client.SendAsync("BDAT 70000 LAST\r\n" + new string('x', 70000));
            Assert.StartsWith("552", await client.ReadReplyAsync());
            await client.QuitAsync();
        }

        var after = await host.ScrapeWhenIdleAsync();
        var d = new Deltas(before, after);
        Assert.Equal(1, d.Of("edge_commands_total", ("listener", "mx"), ("verb", "bdat")));
        Assert.Equal(1, d.Of("edge_replies_total", ("listener", "mx"), ("class", "5xx")));
        Assert.Equal(5, d.Of("edge_replies_total", ("listener", "mx"), ("class", "2xx"))); // 220, EHLO, MAIL, RCPT, 221
    }
}
