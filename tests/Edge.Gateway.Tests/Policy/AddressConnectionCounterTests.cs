// AddressConnectionCounter and ClientAddressKey: the ceiling per address holds under contention, every release
// returns its slot, an address leaves the map with its last connection, and keys fold mapped IPv4 and IPv6 /64s.
using System.Net;
using Edge.Gateway.Connections;

namespace Edge.Gateway.Tests.Policy;

public sealed class AddressConnectionCounterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void TryAcquire_UpToTheLimit_ThenRefuses()
    {
        var counter = new AddressConnectionCounter(3);

        Assert.True(counter.TryAcquire(Client));
        Assert.True(counter.TryAcquire(Client));
        Assert.True(counter.TryAcquire(Client));
        Assert.False(counter.TryAcquire(Client));
        Assert.True(counter.TryAcquire(IPAddress.Parse("192.0.2.11")));
        Assert.Equal(3, counter.Count(Client));
    }

    [Fact]
    public void Release_LastConnection_RemovesTheAddress()
    {
        var counter = new AddressConnectionCounter(2);
        counter.TryAcquire(Client);
        counter.TryAcquire(Client);

        counter.Release(Client);
        Assert.Equal(1, counter.Count(Client));
        Assert.True(counter.TryAcquire(Client));
        counter.Release(Client);
        counter.Release(Client);

        Assert.Equal(0, counter.Addresses);
        Assert.Equal(0, counter.Count(Client));
    }

    [Fact]
    public async Task TryAcquire_ConcurrentChurn_NeverExceedsTheLimitAndEndsEmpty()
    {
        const int Limit = 5;
        var counter = new AddressConnectionCounter(Limit);
        IPAddress[] addresses = [Client, IPAddress.Parse("192.0.2.11"), IPAddress.Parse("2001:db8::1")];
        int[] held = new int[addresses.Length];
        int overshoot = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var random = new Random(worker);
            for (int i = 0; i < 20_000; i++)
            {
                int a = random.Next(addresses.Length);
                if (counter.TryAcquire(addresses[a]))
                {
                    if (Interlocked.Increment(ref held[a]) > Limit)
                    {
                        Interlocked.Increment(ref overshoot);
                    }

                    Interlocked.Decrement(ref held[a]);
                    counter.Release(addresses[a]);
                }
            }
        })));

        Assert.Equal(0, overshoot);
        Assert.Equal(0, counter.Addresses);
    }

    [Fact]
    public async Task TryAcquire_ManyContendersForOneAddress_AdmitsExactlyTheLimit()
    {
        var counter = new AddressConnectionCounter(50);
        using var start = new ManualResetEventSlim();
        Task<bool>[] attempts = [.. Enumerable.Range(0, 1000).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return counter.TryAcquire(Client);
        }))];

        start.Set();
        bool[] results = await Task.WhenAll(attempts);

        Assert.Equal(50, results.Count(admitted => admitted));
        Assert.Equal(50, counter.Count(Client));
    }

    [Theory]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::")]
    [InlineData("::1", "::")]
    public void For_Address_FoldsToItsCountingKey(string address, string expected)
    {
        Assert.Equal(IPAddress.Parse(expected), ClientAddressKey.For(IPAddress.Parse(address)));
    }
}
