// CertificateStore.Log: source-generated log messages of the certificate store (event ids 3020–3039).
using Microsoft.Extensions.Logging;

namespace Edge.Gateway.Tls;

internal sealed partial class CertificateStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "TLS certificate {Subject} serves {Hosts} (SHA-256 {Fingerprint}, expires {NotAfter:u})")]
        public static partial void CertificateLoaded(ILogger logger, string subject, string hosts, string fingerprint, DateTime notAfter);

        [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "No TLS certificate configured: serving a self-signed ECDSA P-256 certificate for {HostName} (SHA-256 {Fingerprint})")]
        public static partial void SelfSignedCreated(ILogger logger, string hostName, string fingerprint);

        [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "TLS certificates reloaded ({Count})")]
        public static partial void Reloaded(ILogger logger, int count);

        [LoggerMessage(EventId = 3023, Level = LogLevel.Error, Message = "TLS certificate reload failed; still serving the previous certificates")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "Cannot watch {Directory} for certificate changes; a restart is needed to pick up new files")]
        public static partial void WatchFailed(ILogger logger, string directory, Exception exception);

        [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "Certificate file watcher error; reloading to be safe")]
        public static partial void WatcherError(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3026, Level = LogLevel.Error, Message = "TLS certificate reload refused by {Validator}; still serving the previous certificates")]
        public static partial void ReloadRefused(ILogger logger, string validator);
    }
}
