// SwaksDeliveryTests: swaks, an independent SMTP client, delivers through the real gateway process over STARTTLS
// (mx listener) and implicit TLS (RFC 8314 submissions listener); exactly one .eml lands in ./data/inbox with
// swaks's Subject and Edge's Received: trace field (RFC 5321 4.4) recording TLSv1.3.
using Edge.Interop.Tests.Hosting;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.Delivery;

public sealed class SwaksDeliveryTests
{
    [Fact]
    public async Task MxStartTls_SwaksToLocalRecipient_OneMessageWithTls13Received()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        string subject = NewSubject();

        var swaks = await ExternalTool.RunAsync("swaks",
            ["--to", "user@localhost", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls", "--header", $"Subject: {subject}"]);

        Assert.True(swaks.ExitCode == 0, $"swaks failed.\n{swaks.Describe()}\n--- gateway ---\n{gateway.Log}");
        Assert.Contains("TLS started with cipher TLSv1.3", swaks.StandardOutput, StringComparison.Ordinal);
        AssertDeliveredOnce(gateway, subject, swaks);
    }

    [Fact]
    public async Task ImplicitTls_SwaksTlsOnConnect_OneMessageWithTls13Received()
    {
        await using var gateway = await GatewayProcess.StartAsync();
        string subject = NewSubject();

        var swaks = await ExternalTool.RunAsync("swaks",
            ["--to", "user@localhost", "--server", $"127.0.0.1:{gateway.ImplicitTlsPort}", "--tls-on-connect", "--header", $"Subject: {subject}"]);

        Assert.True(swaks.ExitCode == 0, $"swaks failed.\n{swaks.Describe()}\n--- gateway ---\n{gateway.Log}");
        AssertDeliveredOnce(gateway, subject, swaks);
    }

    private static string NewSubject() => "Edge interop " + Guid.NewGuid().ToString("N");

    private static void AssertDeliveredOnce(GatewayProcess gateway, string subject, ToolResult swaks)
    {
        string[] messages = gateway.DeliveredMessages();
        Assert.True(messages.Length == 1, $"expected one .eml in {gateway.DeliveryDirectory}, found {messages.Length}.\n{swaks.Describe()}");

        List<string> fields = MessageFile.ReadHeaderFields(messages[0]);
        string all = string.Join('\n', fields);
        Assert.True(fields.Contains($"Subject: {subject}"), $"swaks's Subject is missing from the delivered message:\n{all}");

        // Edge prepends its own trace field: first in the file, naming this gateway and the TLS version used.
        string received = fields[0];
        Assert.StartsWith("Received: ", received, StringComparison.Ordinal);
        Assert.Contains($"by {GatewayProcess.HostName} ", received, StringComparison.Ordinal);
        Assert.Contains("with ESMTPS", received, StringComparison.Ordinal);
        Assert.Contains("TLSv1.3", received, StringComparison.Ordinal);
        Assert.Contains("for <user@localhost>", received, StringComparison.Ordinal);
    }
}
