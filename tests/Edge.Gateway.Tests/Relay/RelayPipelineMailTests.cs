// Edge:Relay:PipelineMail (default true): MAIL is answered by Edge and reaches the backend with the first RCPT, in
// one write when the backend offers PIPELINING; false relays MAIL at once. Real sockets, TestBackendMta.
namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayPipelineMailTests
{
    [Fact]
    public async Task Default_MailWithoutRecipient_BackendNeverSeesTheTransaction()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:ProbeEnabled=false");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.Equal("250 2.1.0 Sender ok", await client.CommandAsync("MAIL FROM:<a@client.example>"));
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.Equal("250 2.1.0 Sender ok", await client.CommandAsync("MAIL FROM:<a@client.example>"));
        Assert.StartsWith("221", await client.CommandAsync("QUIT"), StringComparison.Ordinal);

        Assert.Equal(0, backend.ConnectionCount);
        Assert.Empty(backend.Commands);
    }

    [Fact]
    public async Task Default_BackendRefusesSender_RefusalAnswersFirstRcptAndSessionGoesOn()
    {
        await using var backend = new TestBackendMta { RefusedSenders = { ["spam@client.example"] = true } };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.Equal("250 2.1.0 Sender ok", await client.CommandAsync("MAIL FROM:<spam@client.example>"));
        Assert.StartsWith("553 5.7.1", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("553 5.7.1", await client.CommandAsync("RCPT TO:<c@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("554 5.5.1", await client.CommandAsync("DATA"), StringComparison.Ordinal); // no recipient was accepted
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("ok@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);

        var message = Assert.Single(backend.Messages);
        Assert.Equal(["RCPT TO:<b@example.com>"], message.RcptLines);

        // RFC 2920: each RCPT pipelined behind a refused MAIL is answered 503 by the backend; Edge reads and drops it.
        Assert.Equal(2, backend.Violations.Count);
        Assert.All(backend.Violations, v => Assert.StartsWith("out of sequence or unknown: RCPT", v, StringComparison.Ordinal));
        Assert.Equal(1, backend.ConnectionCount); // the refused MAILs left the pooled connection in step and usable
    }

    [Fact]
    public async Task Default_RepliesBatchedByBackend_MailAndRcptPipelinedInOneRoundTrip()
    {
        // The backend holds the MAIL reply until the RCPT arrives: only a pipelined MAIL+RCPT gets an answer (without
        // it, MAIL would wait out the 3 s command timeout and the client get a 4xx).
        await using var backend = new TestBackendMta { HoldMailReply = true, BatchReplies = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:CommandTimeout=00:00:03");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com", "c@example.com"], TestMessages.Body(i, 300)), StringComparison.Ordinal);
        }

        Assert.Equal(3, backend.Messages.Count);
        Assert.All(backend.Messages, m => Assert.Equal(["RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>"], m.RcptLines));
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task Disabled_BackendRefusesSender_RefusalAnswersMail()
    {
        await using var backend = new TestBackendMta { RefusedSenders = { ["spam@client.example"] = true } };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:PipelineMail=false");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("553 5.7.1", await client.CommandAsync("MAIL FROM:<spam@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("ok@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);
        Assert.Single(backend.Messages);
    }

    [Theory]
    [InlineData("", 0, true)]
    [InlineData("421 4.4.2 backend.test Idle timeout, closing", 0, true)]
    [InlineData("421 4.4.2 backend.test Idle timeout, closing", 0, false)]
    [InlineData("", 1200, true)]
    [InlineData("421 4.4.2 backend.test Idle timeout, closing", 1200, true)]
    public async Task PooledConnectionClosedByBackend_NextMessageRelayedOnAFreshOne(string farewell, int pauseMs, bool xforward)
    {
        // Edge asks the socket whether an idle connection was closed only after a second in the pool; sooner, the
        // first reply (XFORWARD's or MAIL's) finds out and the sink retries on a fresh connection. Either way the
        // client sees only 250s.
        await using var backend = new TestBackendMta { CloseAfterMessage = farewell, OfferXForward = xforward };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:ProbeEnabled=false");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 200)), StringComparison.Ordinal);
            await Task.Delay(pauseMs);
        }

        Assert.Equal(3, backend.Messages.Count);
        Assert.Equal(3, backend.ConnectionCount);
        Assert.Empty(backend.Violations);
        Assert.Equal(0, gateway.Sink.Backends[0].ConsecutiveFailures); // a connection the backend closed while idle is no failure
    }

    [Fact]
    public async Task PipelinedGroup_BackendHoldsRepliesUntilData_DataPipelinedBehindLastRcpt()
    {
        // The backend answers MAIL and RCPT only once DATA arrives: Edge must send DATA behind the last RCPT (the
        // client's DATA was in the same packet), or it would wait out the 3 s command timeout and answer 4xx.
        await using var backend = new TestBackendMta { HoldUntilData = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:CommandTimeout=00:00:03");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("250", await client.RawAsync("MAIL FROM:<a@client.example>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n"u8.ToArray()), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.ReadReplyAsync(), StringComparison.Ordinal);
            Assert.StartsWith("354", await client.ReadReplyAsync(), StringComparison.Ordinal);
            Assert.StartsWith("250", await client.RawAsync(SmtpTestClient.Stuff(TestMessages.Body(i, 500))), StringComparison.Ordinal);
        }

        Assert.Equal(3, backend.Messages.Count);
        Assert.All(backend.Messages, m => Assert.Equal(["RCPT TO:<b@example.com>"], m.RcptLines));
        Assert.Equal(1, backend.ConnectionCount);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task PipelinedGroup_TwoRecipients_DataBehindTheLastAndBothDelivered()
    {
        // Only the last RCPT has DATA behind it in the client's group; the first is asked on its own.
        await using var backend = new TestBackendMta { BatchReplies = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.RawAsync("MAIL FROM:<a@client.example>\r\nRCPT TO:<b@example.com>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n"u8.ToArray()), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.RawAsync(SmtpTestClient.Stuff(TestMessages.Body(9, 500))), StringComparison.Ordinal);

        var message = Assert.Single(backend.Messages);
        Assert.Equal(["RCPT TO:<b@example.com>", "RCPT TO:<c@example.com>"], message.RcptLines);
        Assert.Empty(backend.Violations);
    }

    [Fact]
    public async Task PipelinedGroup_OnlyRecipientRefused_DataRefusedAndConnectionStaysInStep()
    {
        await using var backend = new TestBackendMta { RefusedRecipients = { ["nobody@example.com"] = true } };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.RawAsync("MAIL FROM:<a@client.example>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n"u8.ToArray()), StringComparison.Ordinal);
        Assert.StartsWith("550 5.1.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("554 5.5.1", await client.ReadReplyAsync(), StringComparison.Ordinal); // Edge: no valid recipients
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);

        Assert.Single(backend.Messages);
        Assert.Equal(1, backend.ConnectionCount); // the pipelined DATA's refusal was read: the connection stayed usable
        Assert.Equal(["out of sequence or unknown: DATA"], backend.Violations);
    }

    [Fact]
    public async Task PipelinedGroup_DataRefusedThenAnotherRecipient_PendingDataReplyReadFirst()
    {
        await using var backend = new TestBackendMta { RefusedRecipients = { ["nobody@example.com"] = true } };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.RawAsync("MAIL FROM:<a@client.example>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\n"u8.ToArray()), StringComparison.Ordinal);
        Assert.StartsWith("550 5.1.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("554 5.5.1", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<b@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.RawAsync(SmtpTestClient.Stuff(TestMessages.Body(2, 100))), StringComparison.Ordinal);

        var message = Assert.Single(backend.Messages);
        Assert.Equal(["RCPT TO:<b@example.com>"], message.RcptLines);
        Assert.Equal(1, backend.ConnectionCount);
    }

    [Fact]
    public async Task BackendDownForManyMessages_ClientResettingEachIsNotClosedAsJunk()
    {
        // Each message meets a 451 at its first RCPT and the client resets: those RSETs (30, the junk limit is 20)
        // answer Edge's own trouble and must not cost the client its session.
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:ProbeEnabled=false");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        await backend.StopAsync();

        for (var i = 0; i < 30; i++)
        {
            Assert.StartsWith("451 4.4.1", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 100)), StringComparison.Ordinal);
        }

        backend.Restart();
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(99, 100)), StringComparison.Ordinal);
        Assert.Single(backend.Messages);
    }
}
