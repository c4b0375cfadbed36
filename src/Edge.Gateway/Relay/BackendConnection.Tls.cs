// BackendConnection, TLS half: STARTTLS (RFC 3207) or implicit TLS towards the backend, TLS 1.2/1.3 only.
// Verification: when TLS is required and TlsVerify is on, chain and host name must be valid; a pinned SHA-256
// fingerprint, when configured, must match (and then suffices: pins are how self-signed backends are trusted).
// Opportunistic STARTTLS (RFC 7435) encrypts without verifying unless pinned.
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Relay;

internal sealed partial class BackendConnection
{
    private async ValueTask StartTlsAsync(CancellationToken token)
    {
        var required = Backend.Tls == BackendTlsMode.StartTls;
        if ((Capabilities & BackendCapabilities.StartTls) == 0)
        {
            // SECURITY: "starttls" means required: a backend not offering it (or a STARTTLS-stripping middlebox) is a
            // failure, never a silent plaintext relay.
            if (required)
            {
                Fail(RelayStage.Tls, RelayFailure.Tls);
            }

            return;
        }

        _output!.Write(BackendCommands.StartTls);
        if (!await FlushAsync(RelayStage.Tls, token).ConfigureAwait(false) || !await ReadReplyAsync(RelayStage.Tls, token).ConfigureAwait(false))
        {
            return;
        }

        if (Reply.Code != 220)
        {
            if (required || Reply.Class is not (4 or 5))
            {
                Fail(RelayStage.Tls, RelayFailure.Tls);
            }

            return;
        }

        // SECURITY: bytes after the 220 were sent in plaintext by the backend (or injected on the path); they must
        // never be read as if they came through TLS (the backend-side twin of CVE-2011-0411).
        if (_leftover)
        {
            Fail(RelayStage.Tls, RelayFailure.ProtocolViolation);
            return;
        }

        await _output!.CompleteAsync().ConfigureAwait(false);
        await AuthenticateAsync(required, token).ConfigureAwait(false);
        CreatePipes();

        // RFC 3207 4.2: everything learnt before TLS is forgotten; EHLO again.
        await HelloAsync(token).ConfigureAwait(false);
    }

    private async ValueTask AuthenticateAsync(bool required, CancellationToken token)
    {
        var ssl = new SslStream(_stream!, leaveInnerStreamOpen: false);
        var verify = required && Backend.TlsVerify;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = Backend.TlsServerName ?? Backend.Host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, verify),
        };
        _stream = ssl;
        await ssl.AuthenticateAsClientAsync(options, token).ConfigureAwait(false);
        IsTls = true;
    }

    private bool Validate(X509Certificate? certificate, SslPolicyErrors errors, bool verify)
    {
        if (certificate is null)
        {
            return false;
        }

        if (!Backend.TlsFingerprint.IsEmpty)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            if (!certificate.TryGetCertHash(HashAlgorithmName.SHA256, hash, out _)
                || !CryptographicOperations.FixedTimeEquals(hash, Backend.TlsFingerprint.Span))
            {
                return false;
            }

            IsVerifiedTls = true;
            return true;
        }

        if (!verify)
        {
            return true;
        }

        IsVerifiedTls = errors == SslPolicyErrors.None;
        return IsVerifiedTls;
    }
}
