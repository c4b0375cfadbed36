// DirectoryDelivery: the embedded default delivery (DESIGN.md) used when no backend is configured.
// One .eml file per message: written under <dir>/tmp/<id>.tmp, flushed to disk, then renamed to
// <dir>/<id>.eml, so a reader of <dir> never sees a partial message. Thread-safe; one instance per process.
using System.Globalization;
using System.Security.Cryptography;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Delivery;

/// <summary>Stores messages as files in a directory. Create one per process; <see cref="BeginMessage"/> may be called concurrently.</summary>
internal sealed partial class DirectoryDelivery
{
    /// <summary>Name of the subdirectory holding messages being written.</summary>
    public const string TemporaryDirectoryName = "tmp";

    /// <summary>Temporary files older than this are left over from a crash (no transaction lasts this long) and are removed at start.</summary>
    public static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromDays(1);

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly TimeProvider _time;
    private readonly ILogger<DirectoryDelivery> _logger;

    /// <summary>Creates the directory and its <c>tmp</c> subdirectory (mode 0750 on Unix) and removes stale temporary files.</summary>
    public DirectoryDelivery(DeliveryOptions options, TimeProvider time, ILogger<DirectoryDelivery> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new InvalidOperationException("Edge:Delivery:Directory is not set.");
        }

        _time = time;
        _logger = logger;
        Directory = Path.GetFullPath(options.Directory);
        TemporaryDirectory = Path.Combine(Directory, TemporaryDirectoryName);
        CreateDirectory(Directory);
        CreateDirectory(TemporaryDirectory);
        RemoveStaleTemporaryFiles();
        LogDeliveringTo(_logger, Directory);
    }

    /// <summary>Absolute path of the directory receiving <c>.eml</c> files.</summary>
    public string Directory { get; }

    /// <summary>Absolute path of the subdirectory holding messages being written.</summary>
    public string TemporaryDirectory { get; }

    /// <summary>Starts a message: opens its temporary file. Write with <see cref="DirectoryMessageWriter.WriteAsync"/>, then commit; disposing without commit discards it.</summary>
    public DirectoryMessageWriter BeginMessage()
    {
        string id = NewId(_time.GetUtcNow());
        string temporary = Path.Combine(TemporaryDirectory, id + ".tmp");
        string final = Path.Combine(Directory, id + ".eml");
        return new DirectoryMessageWriter(this, id, temporary, final);
    }

    /// <summary>A time-sortable unique id: <c>yyyyMMddTHHmmssZ-</c> and 64 random bits as 16 hex digits.</summary>
    public static string NewId(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return string.Create(CultureInfo.InvariantCulture, $"{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(random)}");
    }

    internal void OnCommitted(in DeliveredMessage message) => LogDelivered(_logger, message.Id, message.Length, message.Path);

    internal void OnAborted(string id) => LogAborted(_logger, id);

    internal void OnCleanupFailed(string path, Exception exception) => LogCleanupFailed(_logger, path, exception);

    private static void CreateDirectory(string path)
    {
        // SECURITY: messages are private mail; keep the tree closed to other users where the OS allows it.
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    private void RemoveStaleTemporaryFiles()
    {
        DateTime cutoff = _time.GetUtcNow().UtcDateTime - StaleTemporaryAge;
        foreach (string file in System.IO.Directory.EnumerateFiles(TemporaryDirectory, "*.tmp"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                }
            }
            catch (IOException ex)
            {
                OnCleanupFailed(file, ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                OnCleanupFailed(file, ex);
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "No backend configured: delivering messages to {Directory}")]
    private static partial void LogDeliveringTo(ILogger logger, string directory);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Delivered message {Id} ({Length} bytes) to {Path}")]
    private static partial void LogDelivered(ILogger logger, string id, long length, string path);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Discarded unfinished message {Id}")]
    private static partial void LogAborted(ILogger logger, string id);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Could not remove temporary file {Path}")]
    private static partial void LogCleanupFailed(ILogger logger, string path, Exception exception);
}
