// MtaStsPolicy: one domain's policy file, built once from validated configuration. The bytes are exactly what
// RFC 8461 3.2 asks for: "version: STSv1" first, then mode, one "mx:" line per pattern in configured order, and
// max_age, every line ending in CRLF. The id published in _mta-sts.<domain> is derived from those bytes (first
// 20 hex digits of their SHA-256), so it changes exactly when the served policy changes.
using System.Security.Cryptography;

namespace Edge.Gateway.TransportSecurity;

/// <summary>An immutable MTA-STS policy with its file bytes and DNS id.</summary>
internal sealed class MtaStsPolicy
{
    /// <summary>Length of the policy id in hex digits (RFC 8461 3.1 allows 1 to 32 alphanumerics).</summary>
    public const int IdLength = 20;

    private MtaStsPolicy(string domain, MtaStsMode mode, IReadOnlyList<string> mx, long maxAgeSeconds)
    {
        Domain = domain;
        Mode = mode;
        Mx = mx;
        MaxAgeSeconds = maxAgeSeconds;

        var text = new StringBuilder();
        text.Append("version: STSv1\r\n");
        text.Append("mode: ").Append(ModeName(mode)).Append("\r\n");
        foreach (var pattern in mx)
        {
            text.Append("mx: ").Append(pattern).Append("\r\n");
        }

        text.Append("max_age: ").Append(maxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        Content = Encoding.ASCII.GetBytes(text.ToString());
        Id = Convert.ToHexStringLower(SHA256.HashData(Content))[..IdLength];
    }

    /// <summary>The mail domain, lower case, without a trailing dot.</summary>
    public string Domain { get; }

    /// <summary>The host the policy is served for: <c>mta-sts.&lt;Domain&gt;</c>.</summary>
    public string PolicyHost => "mta-sts." + Domain;

    public MtaStsMode Mode { get; }

    /// <summary>MX patterns, lower case, in file order.</summary>
    public IReadOnlyList<string> Mx { get; }

    public long MaxAgeSeconds { get; }

    /// <summary>The policy file as served (ASCII, CRLF lines).</summary>
    public byte[] Content { get; }

    /// <summary>The <c>id</c> of the <c>_mta-sts</c> TXT record.</summary>
    public string Id { get; }

    /// <summary>The TXT record value: <c>v=STSv1; id=…</c>.</summary>
    public string TxtRecord => "v=STSv1; id=" + Id;

    /// <summary>Builds a policy from options that passed <see cref="MtaStsOptionsValidator"/>.</summary>
    public static MtaStsPolicy Create(MtaStsPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TryParseMode(options.Mode, out var mode))
        {
            throw new ArgumentException($"'{options.Mode}' is not an MTA-STS mode", nameof(options));
        }

        var mx = new List<string>(options.Mx.Count);
        foreach (var pattern in options.Mx)
        {
            mx.Add(Normalize(pattern));
        }

        return new MtaStsPolicy(Normalize(options.Domain), mode, mx, options.MaxAgeSeconds);
    }

    public static bool TryParseMode(string? text, out MtaStsMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "enforce":
                mode = MtaStsMode.Enforce;
                return true;
            case "testing":
                mode = MtaStsMode.Testing;
                return true;
            case "none":
                mode = MtaStsMode.None;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    public static string ModeName(MtaStsMode mode) => mode switch
    {
        MtaStsMode.Enforce => "enforce",
        MtaStsMode.Testing => "testing",
        _ => "none",
    };

    /// <summary>Lower case, trimmed, without a trailing dot.</summary>
    public static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
