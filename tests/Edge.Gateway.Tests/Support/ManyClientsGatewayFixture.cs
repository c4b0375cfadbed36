// ManyClientsGatewayFixture: a GatewayHost that admits hundreds of concurrent connections from 127.0.0.1 (every
// test client shares that address, and the per-address limit defaults to 50).
namespace Edge.Gateway.Tests.Support;

public sealed class ManyClientsGatewayFixture : GatewayFixture
{
    protected override string[] ExtraArgs => ["--Edge:Limits:MaxConnectionsPerAddress=1000"];
}
