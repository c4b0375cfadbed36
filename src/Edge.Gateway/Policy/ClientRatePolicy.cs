// ClientRatePolicy: answers "may this client address open a connection / start a message now?" with a token
// bucket per address (System.Threading.RateLimiting), shared by all listeners so a client cannot multiply its rate
// by using several ports. Addresses are keyed like the concurrency limit (ClientAddressKey: IPv6 per /64). A rate of
// 0 (the default) turns that check off: no limiter exists and the check is one null test.
using System.Threading.RateLimiting;
using Edge.Gateway.Configuration;
using Edge.Gateway.Connections;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Policy;

/// <summary>Per-client-address connection and message rates (<c>Edge:Limits:*RatePerAddress</c>, per minute).</summary>
internal sealed class ClientRatePolicy : IDisposable
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly PartitionedRateLimiter<IPAddress>? _connections;
    private readonly PartitionedRateLimiter<IPAddress>? _messages;

    public ClientRatePolicy(IOptions<EdgeOptions> options)
        : this(options?.Value.Limits.ConnectionRatePerAddress ?? 0, options?.Value.Limits.MessageRatePerAddress ?? 0)
    {
    }

    public ClientRatePolicy(int connectionsPerMinute, int messagesPerMinute)
    {
        _connections = Create(connectionsPerMinute);
        _messages = Create(messagesPerMinute);
    }

    /// <summary>A connection rate is configured (the listener pipeline only adds its middleware then).</summary>
    public bool LimitsConnections => _connections is not null;

    /// <summary>Verdict for a new connection from <paramref name="client"/>: accept, or 421 4.7.0 and close.</summary>
    public PolicyVerdict CheckConnection(EndPoint? client) =>
        Check(_connections, client, PolicyOutcome.RejectAndClose, static retry => PolicyReplies.ConnectionRate(retry));

    /// <summary>Verdict for a MAIL from <paramref name="client"/>: accept, or 451 4.7.0 (the session carries on).</summary>
    public PolicyVerdict CheckMessage(EndPoint? client) =>
        Check(_messages, client, PolicyOutcome.TempFail, static retry => PolicyReplies.MessageRate(retry));

    public void Dispose()
    {
        _connections?.Dispose();
        _messages?.Dispose();
    }

    private static PolicyVerdict Check(PartitionedRateLimiter<IPAddress>? limiter, EndPoint? client, PolicyOutcome refusal, Func<TimeSpan, SmtpReply> reply)
    {
        // Unix-domain or unknown peers have no address to key on; they are not rate limited.
        if (limiter is null || client is not IPEndPoint ip)
        {
            return PolicyVerdict.Accept;
        }

        using var lease = limiter.AttemptAcquire(ClientAddressKey.For(ip.Address));
        if (lease.IsAcquired)
        {
            return PolicyVerdict.Accept;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Minute;
        return new PolicyVerdict(refusal, reply(retryAfter));
    }

    // rate per minute → a bucket of `rate` tokens (the burst), refilled one token every minute/rate. No queue: a
    // refusal is answered at once. AutoReplenishment off: the partitioned limiter's own 100 ms heartbeat refills every
    // partition (one timer in all, not one per client), and evicts buckets that are full and idle.
    private static PartitionedRateLimiter<IPAddress>? Create(int perMinute)
    {
        if (perMinute <= 0)
        {
            return null;
        }

        var options = new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(Minute.Ticks / perMinute),
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        Func<IPAddress, RateLimiter> factory = _ => new TokenBucketRateLimiter(options);
        return PartitionedRateLimiter.Create<IPAddress, IPAddress>(key => new RateLimitPartition<IPAddress>(key, factory));
    }
}
