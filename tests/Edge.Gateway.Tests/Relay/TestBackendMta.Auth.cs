// TestBackendMta, AUTH half: with users set it advertises AUTH PLAIN and answers AUTH PLAIN <initial response>
// (RFC 4954, RFC 4616) with 235 or 535, recording each attempt; AuthReply forces a reply (e.g. 454), AuthDelay
// answers late. Only what BackendAuthenticator sends is supported: PLAIN with an initial response.
using System.Collections.Concurrent;
using System.Text;

namespace Edge.Gateway.Tests.Relay;

internal sealed partial class TestBackendMta
{
    /// <summary>Users and passwords AUTH PLAIN accepts; AUTH is advertised when set (or <see cref="AuthReply"/> is).</summary>
    public ConcurrentDictionary<string, string> AuthUsers { get; } = new(StringComparer.Ordinal);

    /// <summary>A fixed reply to every AUTH (without CRLF), instead of checking <see cref="AuthUsers"/>.</summary>
    public string? AuthReply { get; set; }

    /// <summary>How long to wait before answering AUTH.</summary>
    public TimeSpan AuthDelay { get; set; }

    /// <summary>Each AUTH attempt: "user tls" or "user plain".</summary>
    public ConcurrentQueue<string> AuthAttempts { get; } = new();

    private bool OfferAuth => !AuthUsers.IsEmpty || AuthReply is not null;

    private void AppendAuth(StringBuilder ehlo)
    {
        if (OfferAuth)
        {
            ehlo.Append("250-AUTH PLAIN\r\n");
        }
    }

    private async Task<bool> HandleAuthAsync(string line, Session session)
    {
        if (AuthDelay > TimeSpan.Zero)
        {
            await Task.Delay(AuthDelay);
        }

        string[] parts = line.Split(' ');
        if (!session.Hello || parts.Length != 3 || !string.Equals(parts[1], "PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            Violations.Enqueue($"unsupported AUTH: {line}");
            await WriteAsync(session.Stream, "504 5.5.4 Unsupported\r\n");
            return true;
        }

        string[] fields = Encoding.UTF8.GetString(Convert.FromBase64String(parts[2])).Split('\0');
        string user = fields.Length == 3 ? fields[1] : "";
        AuthAttempts.Enqueue(user + (session.Tls ? " tls" : " plain"));
        if (AuthReply is { } reply)
        {
            await WriteAsync(session.Stream, reply + "\r\n");
            return true;
        }

        bool ok = fields.Length == 3 && AuthUsers.TryGetValue(user, out string? password) && password == fields[2];
        await WriteAsync(session.Stream, ok ? "235 2.7.0 Authentication successful\r\n" : "535 5.7.8 Error: authentication failed\r\n");
        return true;
    }
}
