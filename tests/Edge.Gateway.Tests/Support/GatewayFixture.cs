// GatewayFixture: one GatewayHost (own port set, own delivery directory) shared by the tests of one class
// (xunit runs a class's tests one at a time, so a test may count the files it caused with DeliveredSince).
namespace Edge.Gateway.Tests.Support;

public class GatewayFixture : IAsyncLifetime
{
    private GatewayHost? _host;

    internal GatewayHost Host => _host ?? throw new InvalidOperationException("The fixture is not started.");

    /// <summary>Settings layered over the test defaults (e.g. <c>--Edge:Listeners:0:MaxMessageSize=65536</c>).</summary>
    protected virtual string[] ExtraArgs => [];

    public async Task InitializeAsync() => _host = await GatewayHost.StartAsync(ExtraArgs);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
