// CertificateStore: the process-wide source of server certificates (singleton). Holds an immutable
// CertificateSnapshot, read lock-free by every handshake; a file watcher triggers a debounced reload that
// swaps in a new snapshot atomically. A reload that fails (half-written file, key mismatch) keeps the old
// snapshot and logs an error, and so does one an ICertificateSnapshotValidator refuses (e.g. it would break the
// MTA-STS policy or DANE). With no certificates configured it serves a self-signed ECDSA P-256 one.
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Tls;

/// <summary>Certificates by SNI, reloaded when their files change.</summary>
internal sealed partial class CertificateStore : IDisposable
{
    private readonly TlsOptions _options;
    private readonly ILogger<CertificateStore> _logger;
    private readonly ITimer? _reloadTimer;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Lock _reloadLock = new();
    private readonly ICertificateSnapshotValidator[] _validators;
    private CertificateSnapshot _current;
    private int _reloads;
    private int _reloadFailures;
    private int _reloadsRefused;
    private bool _disposed;

    public CertificateStore(
        IOptions<TlsOptions> options,
        ILogger<CertificateStore> logger,
        string? defaultHostName = null,
        TimeProvider? timeProvider = null,
        IEnumerable<ICertificateSnapshotValidator>? validators = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _validators = validators is null ? [] : [.. validators];
        _logger = logger;
        var clock = timeProvider ?? TimeProvider.System;

        if (_options.Certificates.Count == 0)
        {
            var host = string.IsNullOrWhiteSpace(defaultHostName) ? DefaultHostName() : defaultHostName;
            var selfSigned = CertificateLoader.CreateSelfSigned(host, clock.GetUtcNow());
            _current = new CertificateSnapshot([selfSigned]);
            Log.SelfSignedCreated(_logger, host, selfSigned.Fingerprint);
            return;
        }

        try
        {
            _current = LoadConfigured();
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            throw new InvalidOperationException($"Edge:Tls: cannot load the configured certificates: {ex.Message}", ex);
        }

        LogLoaded(_current);

        if (_options.ReloadOnChange)
        {
            _reloadTimer = clock.CreateTimer(static state => ((CertificateStore)state!).Reload(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Watch();
        }
    }

    /// <summary>The snapshot new handshakes use.</summary>
    public CertificateSnapshot Current => Volatile.Read(ref _current);

    /// <summary>There is always a certificate (configured or self-signed) once constructed.</summary>
    public static bool HasCertificate => true;

    /// <summary>Successful reloads since start.</summary>
    public int ReloadCount => Volatile.Read(ref _reloads);

    /// <summary>Failed reloads since start (old snapshot kept).</summary>
    public int ReloadFailureCount => Volatile.Read(ref _reloadFailures);

    /// <summary>Reloads refused by an <see cref="ICertificateSnapshotValidator"/> since start (old snapshot kept).</summary>
    public int ReloadRefusedCount => Volatile.Read(ref _reloadsRefused);

    /// <summary>Server options for a handshake, by the client's SNI (null or empty: default certificate). Allocation-free.</summary>
    public SslServerAuthenticationOptions GetOptions(string? serverName) => Current.SelectOptions(serverName);

    /// <summary>Reloads every configured certificate now; on failure keeps the current snapshot. Returns success.</summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            if (_disposed || _options.Certificates.Count == 0)
            {
                return false;
            }

            CertificateSnapshot next;
            try
            {
                next = LoadConfigured();
            }
            catch (Exception ex) when (IsLoadFailure(ex))
            {
                Interlocked.Increment(ref _reloadFailures);
                Log.ReloadFailed(_logger, ex);
                return false;
            }

            foreach (var validator in _validators)
            {
                if (!validator.Validate(next, reload: true))
                {
                    next.Dispose();
                    Interlocked.Increment(ref _reloadsRefused);
                    Log.ReloadRefused(_logger, validator.GetType().Name);
                    return false;
                }
            }

            // The old snapshot is not disposed: handshakes in flight may still hold its certificate context.
            // Rotation is rare; the finalizers of its key handles release it.
            Volatile.Write(ref _current, next);
            Interlocked.Increment(ref _reloads);
            Log.Reloaded(_logger, next.Certificates.Count);
            LogLoaded(next);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _reloadTimer?.Dispose();
        Current.Dispose();
    }

    private CertificateSnapshot LoadConfigured()
    {
        var loaded = new List<ServerCertificate>(_options.Certificates.Count);
        try
        {
            foreach (var certificate in _options.Certificates)
            {
                loaded.Add(CertificateLoader.LoadPem(certificate));
            }

            return new CertificateSnapshot(loaded);
        }
        catch
        {
            foreach (var certificate in loaded)
            {
                certificate.Dispose();
            }

            throw;
        }
    }

    private void Watch()
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var certificate in _options.Certificates)
        {
            AddDirectory(directories, certificate.CertPath);
            AddDirectory(directories, certificate.KeyPath);
        }

        foreach (var directory in directories)
        {
            try
            {
                // The whole directory is watched, not the two names: Kubernetes secrets and certbot replace
                // files through symlink swaps ("..data", "live/") that never touch the configured name itself.
                var watcher = new FileSystemWatcher(directory)
                {
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Deleted += OnFileEvent;
                watcher.Renamed += OnFileEvent;
                watcher.Error += OnWatcherError;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // e.g. inotify watch limit reached: certificates still work, they just need a restart to change.
                Log.WatchFailed(_logger, directory, ex);
            }
        }
    }

    private static void AddDirectory(HashSet<string> directories, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            directories.Add(directory);
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => ScheduleReload();

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        Log.WatcherError(_logger, e.GetException());
        ScheduleReload();
    }

    private void ScheduleReload()
    {
        // Debounce: every event pushes the reload back, so a cert and key written one after the other load once.
        try
        {
            _reloadTimer?.Change(_options.ReloadDebounce, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Store disposed while an event was in flight.
        }
    }

    private void LogLoaded(CertificateSnapshot snapshot)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var certificate in snapshot.Certificates)
        {
            var hosts = string.Join(",", certificate.Hosts);
            Log.CertificateLoaded(_logger, certificate.Certificate.Subject, hosts, certificate.Fingerprint, certificate.Certificate.NotAfter);
        }
    }

    private static bool IsLoadFailure(Exception ex) =>
        ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException;

    private static string DefaultHostName()
    {
        try
        {
            var name = Dns.GetHostName();
            return string.IsNullOrWhiteSpace(name) ? "localhost" : name;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}
