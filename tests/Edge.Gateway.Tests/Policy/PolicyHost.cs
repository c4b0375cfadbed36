// PolicyHost: the real gateway (EdgeHost.Build) on 127.0.0.1:0 for the connection-policy tests: one "mx"
// listener configured by the test, the two other listeners of appsettings.json moved to free ports, directory
// delivery into a temporary inbox that is deleted on dispose.
using System.Net;
using Edge.Gateway.Connections;
using Edge.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Policy;

internal sealed class PolicyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PolicyHost(WebApplication app, string inbox)
    {
        _app = app;
        Inbox = inbox;
    }

    public string Inbox { get; }

    public IPEndPoint Mx => _app.Services.GetRequiredService<ListenerRegistry>().BoundEndpoint("mx");

    public ListenerConnectionState MxState => _app.Services.GetRequiredService<ConnectionStates>().For("mx");

    /// <summary>Starts the gateway; <paramref name="mx"/> are extra <c>Edge:Listeners:0:*</c> settings ("Key=Value"), <paramref name="other"/> any further arguments.</summary>
    public static async Task<PolicyHost> StartAsync(string[] mx, params string[] other)
    {
        string inbox = Path.Combine(Path.GetTempPath(), "edge-policy-" + Guid.NewGuid().ToString("N"));
        List<string> args =
        [
            "--Edge:Listeners:0:Name=mx", "--Edge:Listeners:0:Endpoint=127.0.0.1:0", "--Edge:Listeners:0:Mode=plain", "--Edge:Listeners:0:Role=mx",
            "--Edge:Listeners:1:Endpoint=127.0.0.1:0", "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
            "--Edge:Http:Endpoint=127.0.0.1:0", $"--Edge:Delivery:Directory={inbox}", "--Logging:LogLevel:Default=Warning",
        ];
        foreach (string setting in mx)
        {
            args.Add("--Edge:Listeners:0:" + setting);
        }

        args.AddRange(other);
        var app = EdgeHost.Build([.. args]);
        await app.StartAsync();
        return new PolicyHost(app, inbox);
    }

    /// <summary>Waits until no connection is active on the mx listener (releases run after the client closes).</summary>
    public async Task WaitForNoActiveConnectionsAsync()
    {
        for (int i = 0; i < 500 && MxState.Active != 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, MxState.Active);
    }

    /// <summary>The delivered messages' contents.</summary>
    public string[] DeliveredMessages() =>
        Directory.Exists(Inbox) ? [.. Directory.GetFiles(Inbox, "*.eml").Select(File.ReadAllText)] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Inbox, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
        catch (UnauthorizedAccessException)
        {
            // best effort
        }
    }
}
