// SessionSettings: what a listener offers and allows, fixed at start-up and shared by its sessions.
// Composes the listener's greeting and EHLO replies once.
using Edge.Protocol.Replies;

namespace Edge.Protocol.Session;

/// <summary>Immutable per-listener settings for <see cref="SmtpSession"/>.</summary>
public sealed class SessionSettings
{
    private SmtpReply? _greeting, _helo, _ehloPlain, _ehloTls;

    /// <summary>The name in the greeting and the EHLO reply.</summary>
    public required string Hostname { get; init; }

    /// <summary>Largest message accepted, in octets (SIZE, RFC 1870). 0 means no limit is advertised or enforced.</summary>
    public long MaxMessageSize { get; init; } = 25 * 1024 * 1024;

    /// <summary>Most recipients per transaction (RFC 5321 4.5.3.1.8 requires at least 100 be accepted).</summary>
    public int MaxRecipients { get; init; } = 100;

    /// <summary>Protocol errors allowed before the session is closed with 421.</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>Junk commands (NOOP, RSET, VRFY, …) allowed per delivered message before the session is closed with 421.</summary>
    public int MaxJunkCommands { get; init; } = 20;

    /// <summary>The listener offers STARTTLS (it has a certificate and is not implicit TLS).</summary>
    public bool StartTlsAvailable { get; init; }

    /// <summary>MAIL, RCPT, DATA, BDAT, AUTH, VRFY and EXPN need TLS first (530 5.7.0).</summary>
    public bool TlsRequired { get; init; }

    /// <summary>AUTH is offered, only once TLS is active (RFC 4954 4, RFC 8314).</summary>
    public bool AuthAvailable { get; init; }

    /// <summary>MAIL needs an authenticated session (submission, RFC 6409 4.3).</summary>
    public bool AuthRequired { get; init; }

    /// <summary>SASL mechanisms offered, space separated.</summary>
    public string AuthMechanisms { get; init; } = "PLAIN LOGIN";

    /// <summary>REQUIRETLS can be honoured on TLS sessions (the next hop is verified TLS, RFC 8689).</summary>
    public bool RequireTlsAvailable { get; init; }

    /// <summary>The extensions every EHLO reply lists (STARTTLS, AUTH and REQUIRETLS are added by TLS state).</summary>
    public EhloKeywords BaseKeywords { get; init; } =
        EhloKeywords.Pipelining | EhloKeywords.Size | EhloKeywords.EightBitMime | EhloKeywords.EnhancedStatusCodes |
        EhloKeywords.SmtpUtf8 | EhloKeywords.Chunking | EhloKeywords.Dsn;

    /// <summary>The greeting, <c>220 {Hostname} ESMTP</c>.</summary>
    public SmtpReply Greeting => _greeting ??= ServerReplies.Greeting(Hostname);

    /// <summary>The reply to HELO.</summary>
    public SmtpReply HeloReply => _helo ??= ServerReplies.Helo(Hostname);

    /// <summary>The extensions advertised on a session whose TLS state is <paramref name="tls"/>.</summary>
    public EhloKeywords KeywordsFor(bool tls)
    {
        var keywords = BaseKeywords;
        if (MaxMessageSize <= 0)
        {
            keywords &= ~EhloKeywords.Size;
        }

        if (!tls && StartTlsAvailable)
        {
            keywords |= EhloKeywords.StartTls;
        }

        if (tls && AuthAvailable)
        {
            keywords |= EhloKeywords.Auth;
        }

        if (tls && RequireTlsAvailable)
        {
            keywords |= EhloKeywords.RequireTls;
        }

        return keywords;
    }

    /// <summary>The EHLO reply for a session whose TLS state is <paramref name="tls"/>.</summary>
    public SmtpReply EhloReply(bool tls) => tls
        ? _ehloTls ??= ServerReplies.Ehlo(Hostname, KeywordsFor(true), MaxMessageSize, AuthMechanisms)
        : _ehloPlain ??= ServerReplies.Ehlo(Hostname, KeywordsFor(false), MaxMessageSize, AuthMechanisms);

    /// <summary>True when <paramref name="mechanism"/> (ASCII, any case) is one of <see cref="AuthMechanisms"/>.</summary>
    public bool OffersMechanism(ReadOnlySpan<byte> mechanism)
    {
        foreach (var range in AuthMechanisms.AsSpan().Split(' '))
        {
            var offered = AuthMechanisms.AsSpan(range);
            if (offered.Length == mechanism.Length && System.Text.Ascii.EqualsIgnoreCase(mechanism, offered))
            {
                return true;
            }
        }

        return false;
    }
}
