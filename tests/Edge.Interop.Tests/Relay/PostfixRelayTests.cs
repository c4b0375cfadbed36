// PostfixRelayTests: the real gateway process relays live to a real Postfix (Debian's package, private instance):
// swaks's message is answered with Postfix's own "250 2.0.0 Ok: queued as ID", lands in the Maildir below Edge's
// Received: field, and Postfix logs the original client that Edge sent with XFORWARD (orig_client=); a recipient
// Postfix does not know gets Postfix's 550 5.1.1 through Edge; with Postfix stopped the client gets 451 4.4.1 and
// no 250 (RFC 5321 4.2.5: no positive reply without the backend's).
using System.Globalization;
using System.Text.RegularExpressions;
using Edge.Interop.Tests.Delivery;
using Edge.Interop.Tests.Hosting;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.Relay;

public sealed partial class PostfixRelayTests
{
    private const string Mailbox = "user";
    private const string SwaksHelo = "swaks.client.test";

    // swaks(1) EXIT CODES.
    private const int SwaksErrorInMail = 23;
    private const int SwaksNoRcptAccepted = 24;
    private const int SwaksNoRecipientsAccepted = 24;

    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MxStartTls_SwaksThroughEdge_PostfixQueuesDeliversAndLogsXForwardClient()
    {
        await using var postfix = await PostfixInstance.StartAsync(Mailbox);
        await using var gateway = await StartGatewayAsync(postfix);
        string subject = "Edge to Postfix " + Guid.NewGuid().ToString("N");
        int swaksPort = FreePorts.Take(1)[0];

        var swaks = await ExternalTool.RunAsync("swaks",
        [
            "--to", $"{Mailbox}@{PostfixInstance.Domain}", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls",
            "--ehlo", SwaksHelo, "--local-port", swaksPort.ToString(CultureInfo.InvariantCulture), "--header", $"Subject: {subject}",
        ]);

        Assert.True(swaks.ExitCode == 0, $"swaks failed.\n{swaks.Describe()}\n--- gateway ---\n{gateway.Log}\n--- postfix ---\n{postfix.ReadLog()}");
        Assert.Contains("TLS started with cipher TLSv1.3", swaks.StandardOutput, StringComparison.Ordinal);

        // Postfix's own final reply, passed through by Edge: the queue id is Postfix's.
        Match queued = QueuedReply().Match(swaks.StandardOutput);
        Assert.True(queued.Success, $"swaks did not get Postfix's 250 2.0.0 Ok: queued as ...\n{swaks.Describe()}");
        string queueId = queued.Groups["id"].Value;

        string message = await postfix.WaitForMessageAsync(Mailbox, subject, DeliveryTimeout);
        List<string> fields = MessageFile.ReadHeaderFields(message);
        string all = string.Join('\n', fields);
        int postfixReceived = fields.FindIndex(f => f.StartsWith("Received: ", StringComparison.Ordinal)
            && f.Contains($"by {PostfixInstance.HostName} (Postfix) with ESMTP id {queueId}", StringComparison.Ordinal));
        int edgeReceived = fields.FindIndex(f => f.StartsWith($"Received: from {SwaksHelo} ([127.0.0.1]:{swaksPort})", StringComparison.Ordinal));
        Assert.True(postfixReceived >= 0, $"Postfix's Received: field for {queueId} is missing:\n{all}");
        Assert.True(edgeReceived > postfixReceived, $"Edge's Received: field (from swaks's HELO and port) must follow Postfix's:\n{all}");
        Assert.Contains($"by {GatewayProcess.HostName} (Edge) with ESMTPS", fields[edgeReceived], StringComparison.Ordinal);
        Assert.Contains($"for <{Mailbox}@{PostfixInstance.Domain}>", fields[edgeReceived], StringComparison.Ordinal);

        // XFORWARD: Postfix logs its real client (Edge, from another port) and the original one Edge forwarded.
        Match client = await postfix.WaitForLogLineAsync(
            new Regex($@"postfix/smtpd\[\d+\]: {queueId}: client=\S+\[127\.0\.0\.1\]:(?<port>\d+), orig_client=\S+\[127\.0\.0\.1\]:(?<orig>\d+)$"), DeliveryTimeout);
        Assert.Equal(swaksPort.ToString(CultureInfo.InvariantCulture), client.Groups["orig"].Value);
        Assert.NotEqual(swaksPort.ToString(CultureInfo.InvariantCulture), client.Groups["port"].Value);
        await postfix.WaitForLogLineAsync(
            new Regex($@"postfix/virtual\[\d+\]: {queueId}: to=<{Mailbox}@{Regex.Escape(PostfixInstance.Domain)}>, relay=virtual, .*status=sent"), DeliveryTimeout);
    }

    [Fact]
    public async Task Xclient_SwaksThroughEdge_PostfixSessionIsTheOriginalClient()
    {
        await using var postfix = await PostfixInstance.StartAsync(Mailbox);
        await using var gateway = await StartGatewayAsync(postfix, "--Edge:Backends:0:Xclient=true");
        string subject = "Edge XCLIENT " + Guid.NewGuid().ToString("N");
        int swaksPort = FreePorts.Take(1)[0];

        var swaks = await ExternalTool.RunAsync("swaks",
        [
            "--to", $"{Mailbox}@{PostfixInstance.Domain}", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls",
            "--ehlo", SwaksHelo, "--local-port", swaksPort.ToString(CultureInfo.InvariantCulture), "--header", $"Subject: {subject}",
        ]);

        Assert.True(swaks.ExitCode == 0, $"swaks failed.\n{swaks.Describe()}\n--- gateway ---\n{gateway.Log}\n--- postfix ---\n{postfix.ReadLog()}");
        Match queued = QueuedReply().Match(swaks.StandardOutput);
        Assert.True(queued.Success, $"swaks did not get Postfix's 250 2.0.0 Ok: queued as ...\n{swaks.Describe()}");
        string queueId = queued.Groups["id"].Value;

        // After XCLIENT Postfix's session is the client's: client= is swaks's address and port (no orig_client=:
        // that is XFORWARD's), and Postfix's own Received: names swaks's HELO, sent again in the EHLO after XCLIENT.
        await postfix.WaitForLogLineAsync(
            new Regex($@"postfix/smtpd\[\d+\]: {queueId}: client=unknown\[127\.0\.0\.1\]:{swaksPort}$"), DeliveryTimeout);
        string message = await postfix.WaitForMessageAsync(Mailbox, subject, DeliveryTimeout);
        List<string> fields = MessageFile.ReadHeaderFields(message);
        Assert.Contains(fields, f => f.StartsWith($"Received: from {SwaksHelo} (unknown [127.0.0.1])", StringComparison.Ordinal)
            && f.Contains($"with ESMTP id {queueId}", StringComparison.Ordinal));
        Assert.DoesNotContain("orig_client=", postfix.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bdat_ThroughEdge_PostfixTakesBdatAndQueues()
    {
        await using var postfix = await PostfixInstance.StartAsync(Mailbox);
        await using var gateway = await StartGatewayAsync(postfix, "--Edge:Backends:0:MaxTransactionsPerConnection=1");
        string subject = "Edge BDAT " + Guid.NewGuid().ToString("N");
        byte[] body = System.Text.Encoding.ASCII.GetBytes($"Subject: {subject}\r\n\r\nchunked through Edge\r\n.leading dot\r\n");

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", gateway.MxPort);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        async Task<string> ReplyAsync()
        {
            string? line;
            do
            {
                line = await reader.ReadLineAsync() ?? throw new IOException("gateway closed the connection");
            }
            while (line.Length > 3 && line[3] == '-');
            return line;
        }

        async Task<string> SendAsync(byte[] bytes)
        {
            await stream.WriteAsync(bytes);
            return await ReplyAsync();
        }

        static byte[] Line(string text) => System.Text.Encoding.ASCII.GetBytes(text + "\r\n");
        Assert.StartsWith("220", await ReplyAsync(), StringComparison.Ordinal);
        Assert.StartsWith("250", await SendAsync(Line("EHLO bdat.client.test")), StringComparison.Ordinal);
        Assert.StartsWith("250", await SendAsync(Line("MAIL FROM:<sender@client.test>")), StringComparison.Ordinal);
        Assert.StartsWith("250", await SendAsync(Line($"RCPT TO:<{Mailbox}@{PostfixInstance.Domain}>")), StringComparison.Ordinal);
        string final = await SendAsync([.. Line($"BDAT {body.Length} LAST"), .. body]);

        Match queued = QueuedLine().Match(final);
        Assert.True(queued.Success, $"expected Postfix's 250 2.0.0 Ok: queued as ..., got '{final}'\n--- gateway ---\n{gateway.Log}\n--- postfix ---\n{postfix.ReadLog()}");
        string message = await postfix.WaitForMessageAsync(Mailbox, subject, DeliveryTimeout);
        Assert.Contains("\n.leading dot", await File.ReadAllTextAsync(message), StringComparison.Ordinal); // the Maildir file: LF lines, the dot kept
        // Edge relayed BDAT as BDAT: one transaction per backend connection here, so Edge QUITs at once and Postfix's
        // disconnect line counts that session's commands: BDAT, and no DATA.
        Match session = await postfix.WaitForLogLineAsync(
            new Regex(@"postfix/smtpd\[\d+\]: disconnect from \S+ ehlo=1 xforward=1 mail=1 rcpt=1 (?<rest>.*)$"), DeliveryTimeout);
        Assert.Matches(@"^bdat=\d+ quit=1 commands=\d+$", session.Groups["rest"].Value);
        await stream.WriteAsync(Line("QUIT"));
    }

    [Fact]
    public async Task MxStartTls_RecipientPostfixDoesNotKnow_PostfixRefusalPassedThrough()
    {
        await using var postfix = await PostfixInstance.StartAsync(Mailbox);
        await using var gateway = await StartGatewayAsync(postfix);
        string unknown = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        var swaks = await ExternalTool.RunAsync("swaks",
            ["--to", $"{unknown}@{PostfixInstance.Domain}", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls", "--ehlo", SwaksHelo]);

        Assert.True(swaks.ExitCode == SwaksNoRecipientsAccepted, $"expected swaks exit code {SwaksNoRecipientsAccepted} (no RCPTs accepted).\n{swaks.Describe()}\n--- gateway ---\n{gateway.Log}");
        // Postfix's words, not Edge's (Edge accepts the domain; only Postfix knows the mailboxes).
        Assert.Contains(
            $"<~* 550 5.1.1 <{unknown}@{PostfixInstance.Domain}>: Recipient address rejected: User unknown in virtual mailbox table",
            swaks.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("~> DATA", swaks.StandardOutput, StringComparison.Ordinal);
        await postfix.WaitForLogLineAsync(
            new Regex($@"postfix/smtpd\[\d+\]: NOQUEUE: reject: RCPT from \S+: 550 5\.1\.1 <{unknown}@"), DeliveryTimeout);
        Assert.Empty(postfix.MailboxMessages(unknown));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MxStartTls_PostfixStopped_Client451NoPositiveReply(bool pipelineMail)
    {
        await using var postfix = await PostfixInstance.StartAsync(Mailbox);
        await using var gateway = await StartGatewayAsync(postfix, $"--Edge:Relay:PipelineMail={pipelineMail}");
        await postfix.StopAsync();

        var swaks = await ExternalTool.RunAsync("swaks",
            ["--to", $"{Mailbox}@{PostfixInstance.Domain}", "--server", $"127.0.0.1:{gateway.MxPort}", "--tls", "--ehlo", SwaksHelo]);

        // PipelineMail (the default) answers MAIL itself and opens the backend's transaction at RCPT: the 451 lands there.
        var expected = pipelineMail ? SwaksNoRcptAccepted : SwaksErrorInMail;
        Assert.True(swaks.ExitCode == expected, $"expected swaks exit code {expected}.\n{swaks.Describe()}\n--- gateway ---\n{gateway.Log}");
        Assert.Contains("<~* 451 4.4.1 ", swaks.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("<~  250 2.0.0", swaks.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(postfix.MailboxMessages(Mailbox));
    }

    private static Task<GatewayProcess> StartGatewayAsync(PostfixInstance postfix, params string[] extra) => GatewayProcess.StartAsync(
        [
            $"--Edge:AcceptedDomains:0={PostfixInstance.Domain}",
            "--Edge:Backends:0:Name=postfix",
            $"--Edge:Backends:0:Endpoint=127.0.0.1:{postfix.Port}",
            "--Edge:Backends:0:Tls=none",
            .. extra,
        ]);

    [GeneratedRegex(@"^<~  250 2\.0\.0 Ok: queued as (?<id>[0-9A-Za-z]+)\r?$", RegexOptions.Multiline)]
    private static partial Regex QueuedReply();

    // Postfix answers the end of BDAT with the size: "250 2.0.0 Ok: 259 bytes queued as 570E1B1E993".
    [GeneratedRegex(@"^250 2\.0\.0 Ok: (?:\d+ bytes )?queued as (?<id>[0-9A-Za-z]+)$")]
    private static partial Regex QueuedLine();
}
