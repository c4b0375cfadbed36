// RelayXClientTests: Edge:Backends:N:Xclient through the real gateway to the in-test backend: XCLIENT carries the
// client's address, port, protocol and HELO (and LOGIN only when the client authenticated), the backend's 220 is
// followed by EHLO with the client's HELO name, the connection is never pooled, and a refused XCLIENT costs the
// client 451 4.3.0 with nothing relayed. Without the option, XFORWARD stays in use.
namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayXClientTests
{
    [Fact]
    public async Task Xclient_ClientAttributesThenReEhloWithClientHelo_NotPooled()
    {
        await using var backend = new TestBackendMta { OfferXClient = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Xclient=true");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint, helo: "sender.client.example");

        Assert.StartsWith("250 2.0.0 Ok: queued as", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 300)), StringComparison.Ordinal);
        Assert.StartsWith("250 2.0.0 Ok: queued as", await client.SendAsync("a@client.example", ["c@example.com"], TestMessages.Body(2, 300)), StringComparison.Ordinal);

        var messages = backend.Messages.ToArray();
        Assert.Equal(2, messages.Length);
        var xclient = messages[0].XClient;
        Assert.NotNull(xclient);
        Assert.Equal("XCLIENT NAME=[UNAVAILABLE] ADDR=127.0.0.1 PORT=" + client.LocalPort + " PROTO=ESMTP HELO=sender.client.example", xclient);
        Assert.Null(messages[0].XForward);
        var commands = backend.Commands.ToArray();
        var at = Array.FindIndex(commands, c => c.StartsWith("XCLIENT ", StringComparison.Ordinal));
        Assert.Equal("EHLO sender.client.example", commands[at + 1]);
        Assert.Equal(2, backend.ConnectionCount); // one connection per transaction, none reused
        Assert.NotEqual(messages[0].Connection, messages[1].Connection);
        Assert.Equal(0, gateway.Sink.Backends[0].Pool.IdleCount);
        Assert.Empty(backend.Violations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Xclient_Refused_Client451NothingRelayed(bool pipelineMail)
    {
        await using var backend = new TestBackendMta { OfferXClient = true, XClientReply = "550 5.7.0 Error: insufficient authorization" };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Xclient=true", $"--Edge:Relay:PipelineMail={pipelineMail}");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.Equal("451 4.3.0 Local error in processing, try again later", await RelayGateway.EnvelopeAsync(client, pipelineMail));
        Assert.Empty(backend.Messages);
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Xclient_BackendDoesNotOfferIt_Client451(bool pipelineMail)
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], "--Edge:Backends:0:Xclient=true", $"--Edge:Relay:PipelineMail={pipelineMail}");
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.Equal("451 4.3.0 Local error in processing, try again later", await RelayGateway.EnvelopeAsync(client, pipelineMail));
        Assert.DoesNotContain(backend.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal) || c.StartsWith("XFORWARD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoXclientOption_BackendOffersBoth_XforwardUsedAndPooled()
    {
        await using var backend = new TestBackendMta { OfferXClient = true };
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(1, 100)), StringComparison.Ordinal);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(2, 100)), StringComparison.Ordinal);

        Assert.All(backend.Messages, m => Assert.Null(m.XClient));
        Assert.All(backend.Messages, m => Assert.StartsWith("XFORWARD ", m.XForward, StringComparison.Ordinal));
        Assert.Equal(1, backend.ConnectionCount);
    }
}
