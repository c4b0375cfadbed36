// SmtpTimeouts: the server-side timeouts of RFC 5321 4.5.3.2, per listener.
namespace Edge.Gateway.Hosting;

/// <summary>How long Edge waits for the client, by state.</summary>
/// <param name="Command">Waiting for the next command (RFC 5321 4.5.3.2.7: 5 min).</param>
/// <param name="DataBlock">Waiting for the next block of message content (4.5.3.2.6 client side: 3 min).</param>
/// <param name="DataTermination">Longest wait for the sink's final reply after the end of data (4.5.3.2.6: 10 min).</param>
internal sealed record SmtpTimeouts(TimeSpan Command, TimeSpan DataBlock, TimeSpan DataTermination)
{
    /// <summary>After the 220 greeting, until the client's first octets (Edge:Limits:Timeouts:Greeting); <see cref="Command"/> unless set.</summary>
    public TimeSpan Greeting { get; init; } = Command;

    /// <summary>RFC 5321's values.</summary>
    public static SmtpTimeouts Rfc5321 { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10));
}
