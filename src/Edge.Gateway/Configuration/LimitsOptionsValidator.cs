// LimitsOptionsValidator: range checks for "Edge:Limits" and the per-listener overrides. Every
// failure names its configuration key. Floors and ceilings cite RFC 5321 4.5.3 where it sets them.
using System.Globalization;
using Edge.Protocol;

namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="LimitsOptions"/>; used by <see cref="EdgeOptionsValidator"/>.</summary>
internal static class LimitsOptionsValidator
{
    /// <summary>RFC 5321 4.5.3.1.7: a server must accept message content of at least 64K octets.</summary>
    public const long MinMessageSize = 64 * 1024;

    /// <summary>2 GiB: beyond this, a message is a file transfer, and 32-bit counters downstream would overflow.</summary>
    public const long MaxMessageSize = int.MaxValue;

    public const int MaxRecipients = 10_000;
    public const int MaxErrorsOrJunk = 1_000;
    // Junk commands reset with every delivered message; a high ceiling serves load tests and monitoring probes.
    public const int MaxJunk = 100_000;
    public const int MaxConnections = 1_000_000;
    public const int MaxMessagesPerSession = 1_000_000;
    // Per minute; 0 means off. A million a minute is beyond any single client's honest need.
    public const int MaxRatePerMinute = 1_000_000;
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    public static void Validate(string key, LimitsOptions limits, List<string> failures)
    {
        CheckMessageSize($"{key}:MaxMessageSize", limits.MaxMessageSize, failures);
        CheckRange($"{key}:MaxRecipients", limits.MaxRecipients, 1, MaxRecipients, failures);
        CheckRange($"{key}:MaxCommandLineLength", limits.MaxCommandLineLength, SmtpLimits.DefaultCommandLineLength, SmtpLimits.MaxCommandLineLength, failures);
        CheckRange($"{key}:MaxErrors", limits.MaxErrors, 1, MaxErrorsOrJunk, failures);
        CheckRange($"{key}:MaxJunkCommands", limits.MaxJunkCommands, 1, MaxJunk, failures);
        CheckConnections($"{key}:MaxConnections", limits.MaxConnections, failures);
        CheckConnections($"{key}:MaxConnectionsPerAddress", limits.MaxConnectionsPerAddress, failures);
        CheckRange($"{key}:MaxMessagesPerSession", limits.MaxMessagesPerSession, 1, MaxMessagesPerSession, failures);
        CheckRange($"{key}:ConnectionRatePerAddress", limits.ConnectionRatePerAddress, 0, MaxRatePerMinute, failures);
        CheckRange($"{key}:MessageRatePerAddress", limits.MessageRatePerAddress, 0, MaxRatePerMinute, failures);

        TimeoutOptions? timeouts = limits.Timeouts;
        if (timeouts is null)
        {
            failures.Add($"{key}:Timeouts: missing");
            return;
        }

        string t = key + ":Timeouts";
        CheckTimeout($"{t}:Greeting", timeouts.Greeting, allowZero: false, failures);
        CheckTimeout($"{t}:Command", timeouts.Command, allowZero: false, failures);
        CheckTimeout($"{t}:DataBlock", timeouts.DataBlock, allowZero: false, failures);
        CheckTimeout($"{t}:DataTermination", timeouts.DataTermination, allowZero: false, failures);
        CheckTimeout($"{t}:Drain", timeouts.Drain, allowZero: true, failures);
    }

    public static void CheckMessageSize(string key, long value, List<string> failures) =>
        CheckRange(key, value, MinMessageSize, MaxMessageSize, failures);

    public static void CheckConnections(string key, long value, List<string> failures) =>
        CheckRange(key, value, 1, MaxConnections, failures);

    private static void CheckRange(string key, long value, long min, long max, List<string> failures)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value} is out of range {min}..{max}"));
        }
    }

    private static void CheckTimeout(string key, TimeSpan value, bool allowZero, List<string> failures)
    {
        bool tooSmall = allowZero ? value < TimeSpan.Zero : value <= TimeSpan.Zero;
        if (tooSmall || value > MaxTimeout)
        {
            string lower = allowZero ? "00:00:00" : "more than 00:00:00";
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value:c} is out of range ({lower} up to {MaxTimeout:c})"));
        }
    }
}
