// SwaksRelayTests: the gateway is not an open relay (RFC 5321 3.6.2, 7.1): a recipient outside
// Edge:AcceptedDomains is refused with 550 5.7.1 at RCPT, swaks gives up, and nothing is delivered.
using Edge.Interop.Tests.Hosting;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.Policy;

public sealed class SwaksRelayTests
{
    // swaks(1) EXIT CODES: "24 no RCPTs accepted".
    private const int SwaksNoRecipientsAccepted = 24;

    [Fact]
    public async Task MxStartTls_SwaksToNonLocalDomain_Refused550NothingDelivered()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        var swaks = await ExternalTool.RunAsync("swaks",
            ["--to", "user@example.com", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls"]);

        Assert.True(swaks.ExitCode == SwaksNoRecipientsAccepted, $"expected swaks exit code {SwaksNoRecipientsAccepted} (no RCPTs accepted).\n{swaks.Describe()}");
        Assert.Contains("550 5.7.1", swaks.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("~> DATA", swaks.StandardOutput, StringComparison.Ordinal); // swaks never reached DATA
        Assert.Empty(gateway.DeliveredMessages());
    }
}
