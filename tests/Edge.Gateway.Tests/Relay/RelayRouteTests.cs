// RelayRouteTests: routes by recipient domain through the real gateway to two in-test backends in different groups:
// MAIL is answered by Edge and the backend transaction opens at the first RCPT in that recipient's group (exact and
// wildcard domains, the default group for the rest); a recipient of another group gets 452 4.5.3 and goes in a
// later transaction; a group whose backends are all down is never replaced by another group's backend.
namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayRouteTests
{
    [Fact]
    public async Task Routes_ExactWildcardAndDefault_EachDomainToItsGroup()
    {
        await using var us = new TestBackendMta();
        await using var eu = new TestBackendMta();
        await using var gateway = await StartAsync(us, eu);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.org"], TestMessages.Body(1, 100)), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["c@paris.eu.example.com"], TestMessages.Body(2, 100)), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["d@example.com"], TestMessages.Body(3, 100)), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["e@eu.example.com"], TestMessages.Body(4, 100)), StringComparison.Ordinal); // apex: not *.eu

        Assert.Equal(["RCPT TO:<b@example.org>", "RCPT TO:<c@paris.eu.example.com>"], eu.Messages.Select(m => Assert.Single(m.RcptLines)));
        Assert.Equal(["RCPT TO:<d@example.com>", "RCPT TO:<e@eu.example.com>"], us.Messages.Select(m => Assert.Single(m.RcptLines)));
        Assert.Empty(us.Violations);
        Assert.Empty(eu.Violations);
    }

    [Fact]
    public async Task Mail_AnsweredLocally_BackendOpensAtFirstRcptWithMailAndRcptPipelined()
    {
        await using var us = new TestBackendMta { BatchReplies = true };
        await using var eu = new TestBackendMta();
        await using var gateway = await StartAsync(us, eu);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.Equal("250 2.1.0 Sender ok", await client.CommandAsync("MAIL FROM:<a@client.example>"));
        Assert.Equal(0, us.ConnectionCount + eu.ConnectionCount);

        Assert.StartsWith("250 2.1.5", await client.CommandAsync("RCPT TO:<d@example.com>"), StringComparison.Ordinal);
        var commands = us.Commands.ToArray();
        Assert.StartsWith("XFORWARD ", commands[^3], StringComparison.Ordinal);
        Assert.Equal("MAIL FROM:<a@client.example>", commands[^2]);
        Assert.Equal("RCPT TO:<d@example.com>", commands[^1]);
        Assert.Equal(0, eu.ConnectionCount);
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rcpt_OtherGroupInSameTransaction_452And453ThenOwnTransaction()
    {
        await using var us = new TestBackendMta();
        await using var eu = new TestBackendMta();
        await using var gateway = await StartAsync(us, eu);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<d@example.com>"), StringComparison.Ordinal);
        Assert.Equal("452 4.5.3 Recipient routed elsewhere, send it in a separate transaction", await client.CommandAsync("RCPT TO:<b@example.org>"));
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<f@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await client.CommandAsync("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.RawAsync(SmtpTestClient.Stuff(TestMessages.Body(5, 100))), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.org"], TestMessages.Body(6, 100)), StringComparison.Ordinal);

        var first = Assert.Single(us.Messages);
        Assert.Equal(["RCPT TO:<d@example.com>", "RCPT TO:<f@example.com>"], first.RcptLines);
        Assert.Equal("RCPT TO:<b@example.org>", Assert.Single(Assert.Single(eu.Messages).RcptLines));
    }

    [Fact]
    public async Task Rcpt_GroupDown_451NoOtherGroupUsed()
    {
        await using var us = new TestBackendMta();
        await using var eu = new TestBackendMta();
        await using var gateway = await StartAsync(us, eu);
        await eu.StopAsync();
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<a@client.example>"), StringComparison.Ordinal);
        Assert.Equal("451 4.4.1 No backend available, try again later", await client.CommandAsync("RCPT TO:<b@example.org>"));
        Assert.StartsWith("250", await client.CommandAsync("RCPT TO:<d@example.com>"), StringComparison.Ordinal); // opens on its own group
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.Equal(1, us.ConnectionCount);
        Assert.Empty(us.Messages);
    }

    [Fact]
    public async Task Rcpt_BackendRefusesSender_RefusalAnswersRcptAndStreamStaysInStep()
    {
        await using var us = new TestBackendMta { RefusedSenders = { ["spam@client.example"] = true } };
        await using var eu = new TestBackendMta();
        await using var gateway = await StartAsync(us, eu);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.CommandAsync("MAIL FROM:<spam@client.example>"), StringComparison.Ordinal);
        Assert.StartsWith("553 5.7.1", await client.CommandAsync("RCPT TO:<d@example.com>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("ok@client.example", ["d@example.com"], TestMessages.Body(7, 100)), StringComparison.Ordinal);

        Assert.Single(us.Messages);
        Assert.Equal(1, us.ConnectionCount); // the refused MAIL left the pooled connection usable
    }

    private static Task<RelayGateway> StartAsync(TestBackendMta us, TestBackendMta eu) => RelayGateway.StartAsync(
        [us.Endpoint, eu.Endpoint],
        "--Edge:AcceptedDomains:1=*.example.com", "--Edge:AcceptedDomains:2=example.org",
        "--Edge:Backends:0:Group=us", "--Edge:Backends:1:Group=eu",
        "--Edge:Relay:Routes:0:Domains:0=example.org", "--Edge:Relay:Routes:0:Domains:1=*.eu.example.com", "--Edge:Relay:Routes:0:Group=EU",
        "--Edge:Relay:DefaultGroup=us");
}
