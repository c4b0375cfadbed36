// RelayMessageSinkTests: the relay end to end through the real gateway (EdgeHost) and TestBackendMta: byte-exact
// content over pooled connections, RCPT passthrough, failover, a backend failing mid-transaction (4xx, never 250),
// the backend's final verdict passed through, XFORWARD.
namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayMessageSinkTests
{
    [Fact]
    public async Task Relay_TwentyMessagesFromFiveSessions_ByteExactOverPooledConnections()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        List<byte[]> bodies = [];
        for (var session = 0; session < 5; session++)
        {
            await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
            for (var m = 0; m < 4; m++)
            {
                var body = TestMessages.Body(bodies.Count, size: m == 3 ? 300_000 : 2_000);
                bodies.Add(body);
                var reply = await client.SendAsync("sender@client.example", ["rcpt@example.com"], body);
                Assert.StartsWith("250 2.0.0 Ok: queued as Q", reply, StringComparison.Ordinal);
            }
        }

        var received = backend.Messages.ToArray();
        Assert.Equal(20, received.Length);
        for (var i = 0; i < received.Length; i++)
        {
            TestMessages.AssertRelayed(bodies[i], received[i].Content);
            Assert.Equal("MAIL FROM:<sender@client.example>", received[i].MailLine);
            Assert.Equal(["RCPT TO:<rcpt@example.com>"], received[i].RcptLines);
        }

        Assert.InRange(backend.ConnectionCount, 1, 2);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task AddRecipient_BackendRefusesOne_ClientGetsBackendRepliesPerRecipient()
    {
        await using var backend = new TestBackendMta();
        backend.RefusedRecipients["nobody@example.com"] = true;
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        var refused = await client.CommandAsync("RCPT TO:<nobody@example.com>");
        var accepted = await client.CommandAsync("RCPT TO:<somebody@example.com>");
        Assert.Equal("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown", refused);
        Assert.Equal("250 2.1.5 Ok", accepted);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("Subject: x\r\n\r\nhello\r\n."), StringComparison.Ordinal);

        var message = Assert.Single(backend.Messages);
        Assert.Equal(["RCPT TO:<somebody@example.com>"], message.RcptLines);
    }

    [Fact]
    public async Task Open_FirstBackendDown_FailsOverToSecond()
    {
        await using var backend = new TestBackendMta();
        var closedPort = TestMessages.UnusedPort();
        await using var gateway = await RelayGateway.StartAsync([$"127.0.0.1:{closedPort}", backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 4; i++)
        {
            var reply = await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 500));
            Assert.StartsWith("250", reply, StringComparison.Ordinal);
        }

        Assert.Equal(4, backend.Messages.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_AllBackendsDown_MailGets451NoBackend(bool pipelineMail)
    {
        await using var gateway = await RelayGateway.StartAsync(
            [$"127.0.0.1:{TestMessages.UnusedPort()}", $"127.0.0.1:{TestMessages.UnusedPort()}"], $"--Edge:Relay:PipelineMail={pipelineMail}");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var reply = await RelayGateway.EnvelopeAsync(client, pipelineMail);

        Assert.Equal("451 4.4.1 No backend available, try again later", reply);
    }

    [Fact]
    public async Task Complete_BackendDropsMidData_ClientGets451AndNothingIsDelivered()
    {
        await using var backend = new TestBackendMta { DropInData = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var reply = await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 200_000));

        Assert.StartsWith("451 4.4.2", reply, StringComparison.Ordinal);
        Assert.Empty(backend.Messages);

        // The session goes on: the next message gets a fresh backend connection.
        backend.DropInData = false;
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(2, 100)), StringComparison.Ordinal);
        Assert.Single(backend.Messages);
    }

    [Fact]
    public async Task Complete_BackendSlowerThanFinalReplyTimeout_ClientGets451()
    {
        await using var backend = new TestBackendMta { FinalReplyDelay = TimeSpan.FromSeconds(3) };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:FinalReplyTimeout=00:00:01");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var reply = await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100));

        Assert.Equal("451 4.4.2 Backend did not answer in time, try again later", reply);
    }

    [Theory]
    [InlineData("452 4.3.1 Insufficient system storage")]
    [InlineData("552 5.3.4 Message size exceeds fixed limit")]
    [InlineData("554 5.7.1 Spam")]
    public async Task Complete_BackendRefusesAtEndOfData_ReplyPassedThrough(string backendReply)
    {
        await using var backend = new TestBackendMta { DataEndReply = backendReply };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var reply = await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100));

        Assert.Equal(backendReply, reply);
    }

    [Fact]
    public async Task BeginContent_BackendAnswersDataWith250_ClientGets451LocalError()
    {
        await using var backend = new TestBackendMta { DataCommandReply = "250 2.0.0 Sure" };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var reply = await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100));

        Assert.StartsWith("451 4.3.0", reply, StringComparison.Ordinal);
        Assert.Empty(backend.Messages);
    }

    [Fact]
    public async Task Open_BackendOffersXForward_ClientAttributesSentBeforeMail()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint, helo: "helo+name.example");

        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);

        var xforward = Assert.Single(backend.Messages).XForward;
        Assert.NotNull(xforward);
        Assert.Matches(@"^XFORWARD NAME=\[UNAVAILABLE\] ADDR=127\.0\.0\.1 PORT=\d+ PROTO=ESMTP HELO=helo\+2Bname\.example$", xforward);
    }

    [Fact]
    public async Task Open_PipelinedRepliesInOneSegment_BothReadOnReusedConnection()
    {
        await using var backend = new TestBackendMta { BatchReplies = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:CommandTimeout=00:00:05");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 100)), StringComparison.Ordinal);
        }

        Assert.Equal(3, backend.Messages.Count);
        Assert.Equal(1, backend.ConnectionCount);
    }

    [Fact]
    public async Task Open_BackendWithoutXForwardOrPipelining_NoXForwardSent()
    {
        await using var backend = new TestBackendMta { OfferXForward = false, OfferPipelining = false };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);

        Assert.Null(Assert.Single(backend.Messages).XForward);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("XFORWARD", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task Dispose_ClientResetsBeforeData_BackendGetsRsetAndConnectionIsReused()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("c@client.example", ["d@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);

        Assert.Contains("RSET", backend.Commands);
        Assert.Equal(1, backend.ConnectionCount);
        Assert.StartsWith("MAIL FROM:<c@client.example>", Assert.Single(backend.Messages).MailLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pool_MaxTransactionsPerConnection_ConnectionReplaced()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:MaxTransactionsPerConnection=2");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 6; i++)
        {
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 100)), StringComparison.Ordinal);
        }

        Assert.Equal(3, backend.ConnectionCount);
        Assert.Equal([1, 1, 2, 2, 3, 3], backend.Messages.Select(m => m.Connection));
    }

    [Fact]
    public async Task Mail_DsnAndSizeOffered_ParametersReEmittedCanonically()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example> size=1000 body=8bitmime ret=hdrs envid=QQ+2B1"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com> notify=failure,delay orcpt=rfc822;b@example.com"), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("Subject: x\r\n\r\nhi\r\n."), StringComparison.Ordinal);

        var message = Assert.Single(backend.Messages);
        Assert.Equal("MAIL FROM:<a@client.example> SIZE=1000 BODY=8BITMIME RET=HDRS ENVID=QQ+2B1", message.MailLine);
        Assert.Equal(["RCPT TO:<b@example.com> NOTIFY=FAILURE,DELAY ORCPT=rfc822;b@example.com"], message.RcptLines);
    }
}
