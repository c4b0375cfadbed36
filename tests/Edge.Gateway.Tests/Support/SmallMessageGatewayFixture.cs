// SmallMessageGatewayFixture: a GatewayHost whose mx listener accepts at most 64 KiB (the RFC 5321 4.5.3.1.7
// floor, the smallest Edge allows), so size limits are reached with small test messages.
namespace Edge.Gateway.Tests.Support;

public sealed class SmallMessageGatewayFixture : GatewayFixture
{
    public const int MaxMessageSize = 64 * 1024;

    protected override string[] ExtraArgs => ["--Edge:Listeners:0:MaxMessageSize=65536"];
}
