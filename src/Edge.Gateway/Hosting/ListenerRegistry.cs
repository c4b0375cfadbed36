// ListenerRegistry: the SMTP listeners Kestrel was configured with, and the endpoints they are bound to
// (port 0 in tests resolves to the real port once the server started).
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Edge.Gateway.Hosting;

/// <summary>Listeners and their bound endpoints; filled when Kestrel is configured.</summary>
internal sealed class ListenerRegistry
{
    private readonly List<(ListenerModel Model, ListenOptions Options)> _listeners = [];
    private ListenOptions? _http;

    /// <summary>The configured SMTP listeners.</summary>
    public IEnumerable<ListenerModel> Listeners
    {
        get
        {
            foreach (var (model, _) in _listeners)
            {
                yield return model;
            }
        }
    }

    /// <summary>Records a listener.</summary>
    public void Add(ListenerModel model, ListenOptions options) => _listeners.Add((model, options));

    /// <summary>Records the HTTP endpoint.</summary>
    public void SetHttp(ListenOptions options) => _http = options;

    /// <summary>The endpoint listener <paramref name="name"/> is bound to.</summary>
    public IPEndPoint BoundEndpoint(string name)
    {
        foreach (var (model, options) in _listeners)
        {
            if (string.Equals(model.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return options.IPEndPoint!;
            }
        }

        throw new KeyNotFoundException($"No listener named '{name}'.");
    }

    /// <summary>The HTTP endpoint as bound.</summary>
    public IPEndPoint? HttpEndpoint => _http?.IPEndPoint;
}
