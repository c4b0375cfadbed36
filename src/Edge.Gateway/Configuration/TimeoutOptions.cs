// TimeoutOptions: "Edge:Limits:Timeouts". Defaults are RFC 5321 4.5.3.2's minimums; shorter values
// free resources sooner under attack but may cut off slow legitimate senders.
namespace Edge.Gateway.Configuration;

/// <summary>Timeouts (<c>Edge:Limits:Timeouts</c>), written as <c>hh:mm:ss</c>.</summary>
public sealed class TimeoutOptions
{
    /// <summary>After the 220 greeting, how long the client has to send its first command (RFC 5321 4.5.3.2.1). Default 5 min.</summary>
    public TimeSpan Greeting { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waiting for the next command (server timeout, RFC 5321 4.5.3.2.7). Default 5 min.</summary>
    public TimeSpan Command { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Waiting for the next chunk of message data (RFC 5321 4.5.3.2.5). Default 3 min.</summary>
    public TimeSpan DataBlock { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>From the end of data to the final reply, i.e. the backend's verdict (RFC 5321 4.5.3.2.6). Default 10 min.</summary>
    public TimeSpan DataTermination { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>On shutdown, how long transactions in flight may take to finish. Default 30 s.</summary>
    public TimeSpan Drain { get; set; } = TimeSpan.FromSeconds(30);
}
