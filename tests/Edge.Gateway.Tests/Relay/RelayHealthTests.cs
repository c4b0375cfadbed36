// RelayHealthTests: passive health and panic mode through the real gateway: a backend failing N times in a row is
// skipped for the down period, and when every backend is marked down they are still tried (and used once back).
namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayHealthTests
{
    [Fact]
    public async Task Open_BackendRefusesGreetingRepeatedly_MarkedDownAndSkipped()
    {
        await using var refusing = new TestBackendMta { GreetingReply = "554 5.3.2 Not accepting mail" };
        await using var working = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync(
            [refusing.Endpoint, working.Endpoint],
            "--Edge:Relay:FailureThreshold=2", "--Edge:Relay:DownPeriod=00:05:00");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        for (var i = 0; i < 8; i++)
        {
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 100)), StringComparison.Ordinal);
        }

        Assert.Equal(2, refusing.ConnectionCount);
        Assert.Equal(8, working.Messages.Count);
        Assert.False(gateway.Sink.Backends[0].IsHealthy(Environment.TickCount64));
        Assert.True(gateway.Sink.Backends[1].IsHealthy(Environment.TickCount64));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_OnlyBackendMarkedDownThenBack_PanicModeStillTriesIt(bool pipelineMail)
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync(
            [backend.Endpoint], "--Edge:Relay:FailureThreshold=1", "--Edge:Relay:DownPeriod=00:05:00", $"--Edge:Relay:PipelineMail={pipelineMail}");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        await backend.StopAsync();

        Assert.Equal("451 4.4.1 No backend available, try again later", await RelayGateway.EnvelopeAsync(client, pipelineMail));
        if (pipelineMail)
        {
            Assert.StartsWith("250", await client.CommandAsync("RSET"), StringComparison.Ordinal); // the refused RCPT left MAIL open
        }

        Assert.False(gateway.Sink.Backends[0].IsHealthy(Environment.TickCount64));

        backend.Restart();
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);
        Assert.True(gateway.Sink.Backends[0].IsHealthy(Environment.TickCount64));
        Assert.Single(backend.Messages);
    }

    [Fact]
    public async Task Complete_BackendDropsMidData_CountsAsFailureAndFinalReplyAsSuccess()
    {
        await using var backend = new TestBackendMta { DropInData = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Relay:FailureThreshold=2");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        var state = gateway.Sink.Backends[0];

        Assert.StartsWith("451", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 5_000)), StringComparison.Ordinal);
        Assert.Equal(1, state.ConsecutiveFailures);

        backend.DropInData = false;
        backend.DataEndReply = "554 5.7.1 Rejected";
        Assert.StartsWith("554", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(2, 100)), StringComparison.Ordinal);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    [Fact]
    public async Task Open_LeastOutstandingPolicy_SpreadsOverBackends()
    {
        await using var first = new TestBackendMta();
        await using var second = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([first.Endpoint, second.Endpoint], "--Edge:Relay:Policy=least-outstanding");

        for (var i = 0; i < 6; i++)
        {
            await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
            Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(i, 100)), StringComparison.Ordinal);
        }

        Assert.Equal(6, first.Messages.Count + second.Messages.Count);
        Assert.NotEmpty(first.Messages);
        Assert.NotEmpty(second.Messages);
    }
}
