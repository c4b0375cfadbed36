// GatewayHost: the real gateway (EdgeHost.Build, every listener on 127.0.0.1 port 0, HTTP too) with a private
// delivery directory, for integration tests over real sockets. StartAsync starts it; DisposeAsync stops it
// (bounded) and deletes the directory. Extra command-line arguments override any setting.
using System.Net;
using Edge.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Support;

internal sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>Upper bound for any wait on the host (start, stop, a delivery to appear).</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private int _stopped;

    private GatewayHost(WebApplication app, string inbox)
    {
        App = app;
        Inbox = inbox;
        var registry = app.Services.GetRequiredService<ListenerRegistry>();
        Mx = registry.BoundEndpoint("mx");
        Submission = registry.BoundEndpoint("submission");
        Submissions = registry.BoundEndpoint("submissions");
    }

    public WebApplication App { get; }

    /// <summary>Edge:Delivery:Directory of this host.</summary>
    public string Inbox { get; }

    /// <summary>STARTTLS, role mx.</summary>
    public IPEndPoint Mx { get; }

    /// <summary>STARTTLS, role submission.</summary>
    public IPEndPoint Submission { get; }

    /// <summary>Implicit TLS, role submission.</summary>
    public IPEndPoint Submissions { get; }

    public static async Task<GatewayHost> StartAsync(params string[] extraArgs)
    {
        var inbox = Path.Combine(Path.GetTempPath(), "edge-gw-tests-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--Edge:Listeners:0:Endpoint=127.0.0.1:0",
            "--Edge:Listeners:1:Endpoint=127.0.0.1:0",
            "--Edge:Listeners:2:Endpoint=127.0.0.1:0",
            "--Edge:Http:Endpoint=127.0.0.1:0",
            "--Edge:Delivery:Directory=" + inbox,
            "--Edge:Limits:Timeouts:Drain=00:00:20",
            "--Edge:Tls:ReloadOnChange=false",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = EdgeHost.Build(args);
        try
        {
            using var cts = new CancellationTokenSource(WaitLimit);
            await app.StartAsync(cts.Token);
            return new GatewayHost(app, inbox);
        }
        catch
        {
            await app.DisposeAsync();
            TryDelete(inbox);
            throw;
        }
    }

    /// <summary>Delivered messages (<c>*.eml</c>), oldest name first.</summary>
    public string[] DeliveredFiles()
    {
        var files = Directory.GetFiles(Inbox, "*.eml");
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>Files in the inbox not in <paramref name="before"/>.</summary>
    public string[] DeliveredSince(IReadOnlyCollection<string> before)
    {
        var set = new HashSet<string>(before, StringComparer.Ordinal);
        return Array.FindAll(DeliveredFiles(), f => !set.Contains(f));
    }

    /// <summary>Polls (bounded) until at least <paramref name="count"/> new files exist; returns them.</summary>
    public async Task<string[]> WaitForDeliveriesAsync(IReadOnlyCollection<string> before, int count)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (true)
        {
            var files = DeliveredSince(before);
            if (files.Length >= count || DateTime.UtcNow > deadline)
            {
                return files;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Stops the host the way SIGTERM does (drain), bounded by <see cref="WaitLimit"/>.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        using var cts = new CancellationTokenSource(WaitLimit);
        await App.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
            TryDelete(Inbox);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort: a leftover temp directory must not fail a test
        }
        catch (UnauthorizedAccessException)
        {
            // same
        }
    }
}
