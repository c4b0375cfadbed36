// HandshakeFailureClassifier: maps the innermost exception of a failed SslStream handshake to a bounded reason,
// by type and error code only (message text differs between platforms and OpenSSL versions).
// Token-based reasons (Timeout, ClientGone) are decided by the caller first; this handles the rest.
using System.ComponentModel;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Connections;

namespace Edge.Gateway.Tls;

/// <summary>Exception → <see cref="HandshakeFailureReason"/>.</summary>
internal static class HandshakeFailureClassifier
{
    // OpenSSL 3 packs errors as (library << 23) | reason (openssl/err.h); .NET's OpenSslCryptographicException
    // carries that code in HResult. Reasons from openssl/sslerr.h.
    private const int OpenSslLibraryShift = 23;
    private const int OpenSslLibraryMask = 0xFF;
    private const int OpenSslReasonMask = 0x7FFFFF;
    private const int OpenSslLibrarySsl = 20;

    private const int SslRBadProtocolVersionNumber = 116;
    private const int SslRNoSuitableSignatureAlgorithm = 118;
    private const int SslRVersionTooHigh = 166;
    private const int SslRNoCiphersAvailable = 181;
    private const int SslRNoProtocolsAvailable = 191;
    private const int SslRNoSharedCipher = 193;
    private const int SslRUnsupportedProtocol = 258;
    private const int SslRUnsupportedSslVersion = 259;
    private const int SslRWrongVersionNumber = 267;
    private const int SslRInappropriateFallback = 373;
    private const int SslRNoSharedSignatureAlgorithms = 376;
    private const int SslRVersionTooLow = 396;
    private const int SslRNoSharedGroups = 410;
    private const int SslRTlsAlertProtocolVersion = 1070;

    // SChannel (Windows) equivalents, for completeness; Edge targets Linux.
    private const int SecEAlgorithmMismatch = unchecked((int)0x80090331);
    private const int SecEUnsupportedFunction = unchecked((int)0x80090302);

    public static HandshakeFailureReason Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // A transport failure anywhere in the chain means the peer went away (reset, broken pipe).
            if (e is SocketException or ConnectionResetException or ConnectionAbortedException)
            {
                return HandshakeFailureReason.ClientGone;
            }
        }

        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        if (innermost is CryptographicException crypto && ((crypto.HResult >> OpenSslLibraryShift) & OpenSslLibraryMask) == OpenSslLibrarySsl)
        {
            return (crypto.HResult & OpenSslReasonMask) switch
            {
                SslRUnsupportedProtocol or SslRVersionTooLow or SslRVersionTooHigh or SslRWrongVersionNumber
                    or SslRNoProtocolsAvailable or SslRUnsupportedSslVersion or SslRBadProtocolVersionNumber
                    or SslRInappropriateFallback or SslRTlsAlertProtocolVersion => HandshakeFailureReason.ProtocolVersion,
                SslRNoSharedCipher or SslRNoCiphersAvailable or SslRNoSharedGroups or SslRNoSharedSignatureAlgorithms
                    or SslRNoSuitableSignatureAlgorithm => HandshakeFailureReason.NoSharedCipher,
                _ => HandshakeFailureReason.Other,
            };
        }

        if (innermost is Win32Exception win32)
        {
            return win32.NativeErrorCode switch
            {
                SecEAlgorithmMismatch => HandshakeFailureReason.NoSharedCipher,
                SecEUnsupportedFunction => HandshakeFailureReason.ProtocolVersion,
                _ => HandshakeFailureReason.Other,
            };
        }

        return HandshakeFailureReason.Other;
    }
}
