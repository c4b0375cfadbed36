// RelayNoLossTests: the gateway's central promise under churn: 2,000+ messages from 50 concurrent clients while the
// backend crashes and comes back three times. Every message answered 250 is at the backend exactly once; every
// other one was answered 4xx/5xx (the client keeps it); no client connection breaks.
using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed partial class RelayNoLossTests(ITestOutputHelper output)
{
    private const int Clients = 50;
    private const int MessagesPerClient = 40;

    [Fact]
    public async Task Relay_BackendRestartedDuringLoad_Every250DeliveredExactlyOnce()
    {
        await using var backend = new TestBackendMta();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint]);
        ConcurrentDictionary<string, bool> accepted = new();
        var refused = 0;
        var sent = 0;
        ConcurrentDictionary<string, int> kinds = new();
        var other = new ConcurrentQueue<string>();

        var restarts = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400));
                await backend.StopAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100));
                backend.Restart();
            }
        });

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
            // Until the restarts are over, and at least MessagesPerClient each: failures are fast, so a fixed count
            // could end before the churn does.
            for (var m = 0; m < MessagesPerClient || !restarts.IsCompleted; m++)
            {
                Interlocked.Increment(ref sent);
                var id = $"{c}.{m}";
                var reply = await client.SendAsync("a@client.example", ["b@example.com"], Body(id));
                if (reply.StartsWith('2'))
                {
                    Assert.True(accepted.TryAdd(id, true));
                }
                else if (reply.StartsWith('4') || reply.StartsWith('5'))
                {
                    Interlocked.Increment(ref refused);
                    kinds.AddOrUpdate(reply[..Math.Min(9, reply.Length)], 1, (_, n) => n + 1);
                }
                else
                {
                    other.Enqueue(reply);
                }
            }
        })).ToArray();

        await Task.WhenAll(clients);
        await restarts;

        var atBackend = backend.Messages.Select(m => MessageId().Match(Encoding.ASCII.GetString(m.Content)).Groups[1].Value)
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"sent {sent}, accepted {accepted.Count}, refused {refused}, at backend {atBackend.Count}, backend connections {backend.ConnectionCount}; refusals {string.Join(", ", kinds.Select(k => $"{k.Key}: {k.Value}"))}");
        Assert.Empty(other);
        Assert.True(sent >= Clients * MessagesPerClient);
        Assert.Equal(sent, accepted.Count + refused);
        Assert.All(accepted.Keys, id => Assert.Equal(1, atBackend.GetValueOrDefault(id)));
        Assert.All(atBackend.Values, count => Assert.Equal(1, count));
        Assert.True(backend.ConnectionCount < accepted.Count, $"{backend.ConnectionCount} backend connections for {accepted.Count} messages");
        Assert.Empty(backend.Violations);
    }

    private static byte[] Body(string id) =>
        Encoding.ASCII.GetBytes($"Message-Id: <{id}@client.example>\r\nSubject: load {id}\r\n\r\n.body of {id}\r\n");

    [GeneratedRegex(@"Message-Id: <([0-9.]+)@client\.example>")]
    private static partial Regex MessageId();
}
