// StartTlsTests: STARTTLS over the real host. SECURITY: plaintext pipelined after STARTTLS (CVE-2011-0411) is
// discarded, never executed inside TLS; plaintext sent after the 220 makes the handshake fail and the connection
// close, and the server keeps serving; STARTTLS is refused with an argument, and inside TLS.
using Edge.Gateway.Tests.Support;

namespace Edge.Gateway.Tests.Connections;

public sealed class StartTlsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task StartTls_NoopInjectedInSameWrite_NeverAnswered()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);

        await client.SendAsync("STARTTLS\r\nNOOP\r\n");
        var ready = await client.ReadReplyAsync();
        Assert.Equal("220 2.0.0 Ready to start TLS", ready.Last);
        await client.UpgradeToTlsAsync(); // also proves no plaintext reply followed the 220

        // The first reply inside TLS answers our EHLO; an executed NOOP would have produced a 250 first.
        var ehlo = await client.CommandAsync("EHLO client.test");
        AssertIsEhloReplyInsideTls(ehlo);
        var noop = await client.CommandAsync("NOOP");
        Assert.Equal(["250 2.0.0 Ok"], noop.Lines);
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);
    }

    [Fact]
    public async Task StartTls_RsetAndMailInjectedInSameWrite_NeitherRuns()
    {
        var before = Host.DeliveredFiles();
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);

        await client.SendAsync("STARTTLS\r\nRSET\r\nMAIL FROM:<x@y>\r\n");
        Assert.Equal(220, (await client.ReadReplyAsync()).Code);
        await client.UpgradeToTlsAsync();

        AssertIsEhloReplyInsideTls(await client.CommandAsync("EHLO client.test"));
        var rcpt = await client.CommandAsync("RCPT TO:<user@localhost>");
        Assert.StartsWith("503 5.5.1", rcpt.Last, StringComparison.Ordinal); // the injected MAIL never opened a transaction
        Assert.Equal(["250 2.0.0 Ok"], (await client.CommandAsync("NOOP")).Lines);
        Assert.Equal(221, (await client.CommandAsync("QUIT")).Code);
        Assert.Empty(Host.DeliveredSince(before));
    }

    [Fact]
    public async Task StartTls_PlaintextAfterReady_HandshakeFailsConnectionClosedServerStillServes()
    {
        await using (var client = await RawSmtpClient.OpenSessionAsync(Host.Mx))
        {
            Assert.Equal(220, (await client.CommandAsync("STARTTLS")).Code);

            await client.SendAsync("NOOP\r\n");

            Assert.True(await client.IsClosedByServerAsync());
        }

        await using var next = await RawSmtpClient.OpenSessionAsync(Host.Mx, startTls: true);
        Assert.Equal(250, (await next.CommandAsync("NOOP")).Code);
    }

    [Fact]
    public async Task StartTls_InsideTls_BadSequence()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx, startTls: true);

        var reply = await client.CommandAsync("STARTTLS");

        Assert.Equal(503, reply.Code);
        Assert.StartsWith("503 5.5.1", reply.Last, StringComparison.Ordinal);
        Assert.Equal(250, (await client.CommandAsync("NOOP")).Code); // still in TLS, still serving
    }

    [Fact]
    public async Task StartTls_OnImplicitTlsListener_BadSequence()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Submissions, implicitTls: true);

        var reply = await client.CommandAsync("STARTTLS");

        Assert.StartsWith("503 5.5.1", reply.Last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartTls_WithArgument_SyntaxError()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);

        var reply = await client.CommandAsync("STARTTLS now");

        Assert.Equal(501, reply.Code);
        Assert.StartsWith("501 5.5.4", reply.Last, StringComparison.Ordinal);
        Assert.Equal(220, (await client.CommandAsync("STARTTLS")).Code); // the plain session is unchanged
        await client.UpgradeToTlsAsync();
        AssertIsEhloReplyInsideTls(await client.CommandAsync("EHLO client.test"));
    }

    [Fact]
    public async Task StartTls_AfterMail_TransactionForgotten()
    {
        await using var client = await RawSmtpClient.OpenSessionAsync(Host.Mx);
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);

        Assert.Equal(220, (await client.CommandAsync("STARTTLS")).Code);
        await client.UpgradeToTlsAsync();

        // RFC 3207 4.2: the server forgets everything from before TLS, EHLO included.
        Assert.StartsWith("503 5.5.1", (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Last, StringComparison.Ordinal);
        AssertIsEhloReplyInsideTls(await client.CommandAsync("EHLO client.test"));
        Assert.Equal(250, (await client.CommandAsync("MAIL FROM:<sender@example.test>")).Code);
    }

    private static void AssertIsEhloReplyInsideTls(SmtpResponse reply)
    {
        Assert.Equal(250, reply.Code);
        Assert.True(reply.Lines.Count > 1, "expected the multi-line EHLO reply, got: " + reply);
        Assert.StartsWith("250-localhost", reply.Lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(reply.Lines, l => l.Contains("STARTTLS", StringComparison.Ordinal));
    }
}
