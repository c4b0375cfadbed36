// ConcurrentClientsTests: 200 MailKit clients at once (each STARTTLS, one message) against one host: every
// message is delivered once, as its own file, byte-exact.
using Edge.Gateway.Tests.Support;
using MailKit.Security;
using MimeKit;

namespace Edge.Gateway.Tests.Connections;

public sealed class ConcurrentClientsTests(ManyClientsGatewayFixture fixture) : IClassFixture<ManyClientsGatewayFixture>
{
    private const int Clients = 200;

    [Fact]
    public async Task SendAsync_TwoHundredConcurrentClients_DeliversTwoHundredExactFiles()
    {
        var host = fixture.Host;
        var before = host.DeliveredFiles();

        var sends = new Task<(string Id, byte[] Sent)>[Clients];
        for (var i = 0; i < Clients; i++)
        {
            sends[i] = SendOneAsync(host, i);
        }

        var sent = await Task.WhenAll(sends);

        var expected = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, bytes) in sent)
        {
            expected.Add(id, bytes);
        }

        var files = host.DeliveredSince(before);
        Assert.Equal(Clients, files.Length);
        foreach (var file in files)
        {
            var content = DeliveredFile.Read(file).Content;
            var id = MimeMessage.Load(new MemoryStream(content)).MessageId!;
            Assert.True(expected.Remove(id, out var bytes), $"unexpected or duplicate message {id}");
            DeliveredFile.AssertBytesEqual(bytes, content);
        }

        Assert.Empty(expected);
    }

    private static async Task<(string Id, byte[] Sent)> SendOneAsync(GatewayHost host, int index)
    {
        await Task.Yield();
        using var client = await MailKitClient.ConnectAsync(host.Mx, SecureSocketOptions.StartTls);
        var message = MailKitClient.TextMessage($"concurrent {index}", $"Message {index} of {Clients}.\r\n.dot line {index}\r\n");
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
        return (message.MessageId!, MailKitClient.SentBytes(message));
    }
}
