// MailKitDeliveryTests: a real client (MailKit) against the real host: STARTTLS and implicit TLS, several
// messages per session, dot-stuffing over DATA, BDAT, 8-bit UTF-8 content. Every delivered file must be Edge's
// Received header followed by exactly the octets MailKit sent.
using System.Text;
using Edge.Gateway.Tests.Support;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Edge.Gateway.Tests.Connections;

public sealed class MailKitDeliveryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private GatewayHost Host => fixture.Host;

    [Fact]
    public async Task SendAsync_StartTlsOnMx_DeliversExactContentAfterReceived()
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Mx, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        var message = MailKitClient.TextMessage("starttls", "Hello over STARTTLS.\r\n");

        var reply = await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        Assert.StartsWith("2.0.0 Ok: queued as ", reply, StringComparison.Ordinal);
        var file = Assert.Single(Host.DeliveredSince(before));
        var delivered = DeliveredFile.AssertExact(file, MailKitClient.SentBytes(message));
        Assert.Contains("with ESMTPS", delivered.ReceivedText, StringComparison.Ordinal);
        Assert.Contains("(using TLSv1.", delivered.ReceivedText, StringComparison.Ordinal);
        Assert.Contains("for <user@localhost>;", delivered.ReceivedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ImplicitTlsOnSubmissions_DeliversExactContentAfterReceived()
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Submissions, SecureSocketOptions.SslOnConnect);
        Assert.True(client.IsSecure);
        var message = MailKitClient.TextMessage("implicit", "Hello over implicit TLS.\r\n");

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var file = Assert.Single(Host.DeliveredSince(before));
        var delivered = DeliveredFile.AssertExact(file, MailKitClient.SentBytes(message));
        Assert.Contains("(using TLSv1.", delivered.ReceivedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_SeveralMessagesInOneSession_DeliversEachExactly()
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Mx, SecureSocketOptions.StartTls);
        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < 5; i++)
        {
            var message = MailKitClient.TextMessage($"message {i}", $"Body of message number {i}.\r\n");
            await client.SendAsync(message);
            expected.Add(message.MessageId!, MailKitClient.SentBytes(message));
        }

        await client.DisconnectAsync(quit: true);

        var files = Host.DeliveredSince(before);
        Assert.Equal(5, files.Length);
        foreach (var file in files)
        {
            var content = DeliveredFile.Read(file).Content;
            var id = MimeMessage.Load(new MemoryStream(content)).MessageId!;
            DeliveredFile.AssertBytesEqual(expected[id], content);
            expected.Remove(id);
        }

        Assert.Empty(expected);
    }

    [Fact]
    public async Task SendAsync_DotLinesOverData_DeliversUnstuffedContent()
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Mx, SecureSocketOptions.StartTls);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Chunking));
        client.Capabilities &= ~SmtpCapabilities.Chunking; // force DATA, where MailKit dot-stuffs
        var message = MailKitClient.TextMessage("dots", ".leading dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n. space\r\n.\r\n");

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var file = Assert.Single(Host.DeliveredSince(before));
        var content = DeliveredFile.AssertExact(file, MailKitClient.SentBytes(message)).Content;
        Assert.Contains("\r\n.leading dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n", Encoding.ASCII.GetString(content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_DotLinesOverBdat_DeliversContentUnchanged()
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Mx, SecureSocketOptions.StartTls);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Chunking)); // MailKit then sends BDAT: no stuffing
        var message = MailKitClient.TextMessage("bdat dots", ".leading dot\r\n.\r\nend\r\n");

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var file = Assert.Single(Host.DeliveredSince(before));
        DeliveredFile.AssertExact(file, MailKitClient.SentBytes(message));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SendAsync_EightBitUtf8Body_DeliversRawUtf8Octets(bool chunking)
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Mx, SecureSocketOptions.StartTls);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.EightBitMime));
        if (!chunking)
        {
            client.Capabilities &= ~SmtpCapabilities.Chunking;
        }

        const string body = "Grüße aus Köln — ½ € 日本語 🙂\r\n.ünïcödé after a dot\r\n";
        var message = MailKitClient.TextMessage("utf-8", body);
        Assert.IsType<TextPart>(message.Body).SetText(Encoding.UTF8, body);

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var sent = MailKitClient.SentBytes(message);
        Assert.Contains("Content-Transfer-Encoding: 8bit", Encoding.UTF8.GetString(sent), StringComparison.OrdinalIgnoreCase);
        var file = Assert.Single(Host.DeliveredSince(before));
        var content = DeliveredFile.AssertExact(file, sent).Content;
        Assert.True(content.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Grüße aus Köln — ½ € 日本語 🙂\r\n")) > 0);
    }

    [Fact]
    public async Task SendAsync_InternationalRecipient_SmtpUtf8AndReceivedNamesRecipient()
    {
        var before = Host.DeliveredFiles();
        using var client = await MailKitClient.ConnectAsync(Host.Mx, SecureSocketOptions.StartTls);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.UTF8));
        var message = MailKitClient.TextMessage("smtputf8", "Grüße.\r\n");
        message.To.Clear();
        message.To.Add(new MailboxAddress("Jürgen", "jürgen@localhost"));

        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);

        var file = Assert.Single(Host.DeliveredSince(before));
        var delivered = DeliveredFile.AssertExact(file, MailKitClient.SentBytes(message));
        Assert.Contains("with UTF8SMTPS", delivered.ReceivedText, StringComparison.Ordinal);
        Assert.Contains("for <jürgen@localhost>;", delivered.ReceivedText, StringComparison.Ordinal);
    }
}
