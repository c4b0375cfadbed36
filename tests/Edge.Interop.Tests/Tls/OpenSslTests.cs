// OpenSslTests: openssl s_client, an independent TLS stack, against the real gateway process: STARTTLS
// (RFC 3207) negotiates TLS 1.3 by default and TLS 1.2 when asked, the EHLO after the upgrade no longer offers
// STARTTLS (RFC 3207 4.2), the certificate names Edge:Hostname, and a TLS 1.1-only client is refused with a
// protocol_version alert (RFC 8996). Implicit TLS (RFC 8314 3.3) greets only after the handshake. Client KeyUpdates
// (RFC 8446 4.6.3) in the middle of a session do not stall it.
using Edge.Interop.Tests.Hosting;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.Tls;

public sealed class OpenSslTests
{
    // -crlf turns each \n into CRLF; -ign_eof keeps reading after stdin ends, until the server closes after QUIT;
    // -brief prints the negotiated protocol and the peer certificate to stderr.
    private const string EhloThenQuit = "EHLO x\nQUIT\n";

    [Fact]
    public async Task StartTls_DefaultClient_Tls13EhloWithoutStartTlsAndHostNameCertificate()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        var openssl = await SClientAsync(["-starttls", "smtp", "-connect", $"127.0.0.1:{gateway.MxPort}"]);

        Assert.True(openssl.ExitCode == 0, openssl.Describe());
        Assert.Contains("Protocol version: TLSv1.3", openssl.StandardError, StringComparison.Ordinal);
        AssertCertificateAndEhloOverTls(openssl);
    }

    [Fact]
    public async Task StartTls_Tls12Only_Tls12SessionWithEhlo()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        var openssl = await SClientAsync(["-starttls", "smtp", "-connect", $"127.0.0.1:{gateway.MxPort}", "-tls1_2"]);

        Assert.True(openssl.ExitCode == 0, openssl.Describe());
        Assert.Contains("Protocol version: TLSv1.2", openssl.StandardError, StringComparison.Ordinal);
        AssertCertificateAndEhloOverTls(openssl);
    }

    [Fact]
    public async Task StartTls_Tls11Only_RefusedWithProtocolVersionAlert()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        // SECLEVEL=0 lets OpenSSL 3 offer TLS 1.1 at all, so the refusal tested is the server's, not the client's.
        var openssl = await SClientAsync(
            ["-starttls", "smtp", "-connect", $"127.0.0.1:{gateway.MxPort}", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"]);

        Assert.True(openssl.ExitCode != 0, $"a TLS 1.1 handshake must fail.\n{openssl.Describe()}");
        Assert.Contains("alert protocol version", openssl.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("CONNECTION ESTABLISHED", openssl.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("221", openssl.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImplicitTls_DefaultClient_Tls13ThenBannerAndEhlo()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        var openssl = await SClientAsync(["-connect", $"127.0.0.1:{gateway.ImplicitTlsPort}"]);

        Assert.True(openssl.ExitCode == 0, openssl.Describe());
        Assert.Contains("Protocol version: TLSv1.3", openssl.StandardError, StringComparison.Ordinal);
        Assert.True(Lines(openssl.StandardOutput).FirstOrDefault()?.StartsWith($"220 {GatewayProcess.HostName} ", StringComparison.Ordinal) == true,
            $"the banner must be the first thing read over TLS.\n{openssl.Describe()}");
        AssertCertificateAndEhloOverTls(openssl);
    }

    [Fact]
    public async Task StartTls_ClientKeyUpdates_CommandsAfterEachAnswered()
    {
        await using var gateway = await GatewayProcess.StartAsync();

        // RFC 8446 4.6.3: a KeyUpdate is a post-handshake record carrying no application data; the TLS read side must
        // process it and still deliver the next command. s_client sends one for a line "k" (and asks the server to
        // update its keys too for "K"), but only interactively (no -ign_eof): stdin is paced so every line is read
        // and answered before the next, and stays open until the replies are in.
        var script = $"(printf 'EHLO x\\n'; sleep 1; printf 'k\\n'; sleep 0.5; printf 'NOOP\\n'; sleep 0.5; printf 'K\\n'; sleep 0.5; printf 'NOOP\\n'; sleep 2)"
            + $" | openssl s_client -starttls smtp -connect 127.0.0.1:{gateway.MxPort} -crlf -brief";
        var openssl = await ExternalTool.RunAsync("bash", ["-c", script]);

        Assert.Contains("Protocol version: TLSv1.3", openssl.StandardError, StringComparison.Ordinal);
        string[] lines = Lines(openssl.StandardOutput);
        Assert.True(Lines(openssl.StandardError).Count(l => l == "KEYUPDATE") == 2, $"s_client did not send both key updates.\n{openssl.Describe()}");
        Assert.True(lines.Count(l => l.StartsWith("250 2.0.0", StringComparison.Ordinal)) == 2, $"a NOOP after a key update was not answered.\n{openssl.Describe()}");
    }

    private static Task<ToolResult> SClientAsync(string[] arguments) =>
        ExternalTool.RunAsync("openssl", ["s_client", .. arguments, "-crlf", "-brief", "-ign_eof"], EhloThenQuit);

    /// <summary>
    /// stdout holds only what was read over TLS (s_client consumes the plaintext STARTTLS exchange itself):
    /// the EHLO reply naming the host, without STARTTLS, then QUIT's 221.
    /// </summary>
    private static void AssertCertificateAndEhloOverTls(ToolResult openssl)
    {
        Assert.Contains($"Peer certificate: CN = {GatewayProcess.HostName}", openssl.StandardError, StringComparison.Ordinal);

        string[] lines = Lines(openssl.StandardOutput);
        Assert.True(lines.Contains($"250-{GatewayProcess.HostName}"), $"no EHLO reply over TLS.\n{openssl.Describe()}");
        Assert.True(lines.Any(l => l.StartsWith("250 ", StringComparison.Ordinal)), $"the EHLO reply did not end.\n{openssl.Describe()}");
        Assert.False(lines.Any(l => l.StartsWith("250", StringComparison.Ordinal) && l.Contains("STARTTLS", StringComparison.Ordinal)),
            $"STARTTLS must not be offered after TLS is up.\n{openssl.Describe()}");
        Assert.True(lines.Any(l => l.StartsWith("221 ", StringComparison.Ordinal)), $"QUIT was not answered.\n{openssl.Describe()}");
    }

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
