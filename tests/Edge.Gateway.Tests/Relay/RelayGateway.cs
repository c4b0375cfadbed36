// RelayGateway: the real gateway (EdgeHost.Build) started in process with every listener on 127.0.0.1:0 in plain
// mode, accepting example.com, and relaying to the given backends; extra arguments override anything.
using System.Net;
using Edge.Gateway.Hosting;
using Edge.Gateway.Relay;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Relay;

internal sealed class RelayGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RelayGateway(WebApplication app)
    {
        _app = app;
        EndPoint = app.Services.GetRequiredService<ListenerRegistry>().BoundEndpoint("mx");
    }

    public IPEndPoint EndPoint { get; }

    public RelayMessageSink Sink => _app.Services.GetRequiredService<RelayMessageSink>();

    public static Task<RelayGateway> StartAsync(IEnumerable<string> backendEndpoints, params string[] extra)
        => StartAsync(backendEndpoints, configureServices: null, extra);

    /// <summary>As above, with services added or replaced (e.g. an <see cref="IBackendTransport"/> that records).</summary>
    public static async Task<RelayGateway> StartAsync(IEnumerable<string> backendEndpoints, Action<IServiceCollection>? configureServices, params string[] extra)
    {
        List<string> args =
        [
            "--Edge:Hostname=edge.test",
            "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:0:Mode=plain",
            "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:1:Mode=plain",
            "--Edge:Listeners:2:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Mode=plain",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:AcceptedDomains:0=example.com",
            "--Logging:LogLevel:Default=Warning",
        ];
        var i = 0;
        foreach (var endpoint in backendEndpoints)
        {
            args.Add($"--Edge:Backends:{i++}:Endpoint={endpoint}");
        }

        args.AddRange(extra);
        var app = EdgeHost.Build([.. args], configureServices);
        await app.StartAsync();
        return new RelayGateway(app);
    }

    /// <summary>
    /// MAIL, and with <c>Edge:Relay:PipelineMail</c> (which Edge answers itself) also the first RCPT, which then
    /// carries the backend's verdict on the envelope: the reply that does.
    /// </summary>
    public static async Task<string> EnvelopeAsync(SmtpTestClient client, bool pipelineMail)
    {
        ArgumentNullException.ThrowIfNull(client);
        var mail = await client.CommandAsync("MAIL FROM:<a@client.example>");
        if (!pipelineMail)
        {
            return mail;
        }

        Assert.Equal("250 2.1.0 Sender ok", mail);
        return await client.CommandAsync("RCPT TO:<b@example.com>");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
