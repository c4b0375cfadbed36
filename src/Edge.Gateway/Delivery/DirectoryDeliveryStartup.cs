// DirectoryDeliveryStartup: makes the directory delivery exist before the first connection when no
// backend is configured, so a bad path or a permission problem fails the start, not the first message.
using Edge.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.Delivery;

/// <summary>Hosted service: resolves <see cref="DirectoryDelivery"/> at start when <c>Edge:Backends</c> is empty.</summary>
internal sealed class DirectoryDeliveryStartup(IOptions<EdgeOptions> options, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Backends.Count == 0)
        {
            _ = services.GetRequiredService<DirectoryDelivery>(); // the constructor creates the directories
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
