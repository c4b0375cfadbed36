// DirectoryMessageWriter: one message being written by DirectoryDelivery. Streams content through a
// 64 KiB FileStream buffer (memory per message is bounded, the message is never held); CommitAsync
// fsyncs, closes and renames the file into place; disposing without commit deletes it (abort).
namespace Edge.Gateway.Delivery;

/// <summary>Writes one message. Not thread-safe: one writer belongs to one transaction.</summary>
internal sealed class DirectoryMessageWriter : IAsyncDisposable
{
    /// <summary>FileStream buffer size: large enough that typical DATA chunks coalesce into few writes.</summary>
    public const int BufferSize = 64 * 1024;

    // SECURITY: rw-r----- : mail is private (the umask may restrict further).
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private readonly DirectoryDelivery _owner;
    private readonly string _temporaryPath;
    private readonly string _finalPath;
    private FileStream? _stream;
    private bool _committed;
    private long _length;

    internal DirectoryMessageWriter(DirectoryDelivery owner, string id, string temporaryPath, string finalPath)
    {
        _owner = owner;
        Id = id;
        _temporaryPath = temporaryPath;
        _finalPath = finalPath;
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew, // never reuse or truncate an existing file
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = BufferSize,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        _stream = new FileStream(temporaryPath, options);
    }

    /// <summary>The message id, also the file name without extension; suitable for the Received header's <c>id</c>.</summary>
    public string Id { get; }

    /// <summary>Octets written so far.</summary>
    public long Length => _length;

    /// <summary>Appends content (already dot-unstuffed, CRLF line ends).</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        FileStream stream = _stream ?? throw new InvalidOperationException("The message was already committed or discarded.");
        _length += content.Length;
        return stream.WriteAsync(content, cancellationToken);
    }

    /// <summary>Flushes the file to disk, closes it and renames it to <c>&lt;dir&gt;/&lt;id&gt;.eml</c>. Only after this returns may the client be told 250.</summary>
    public async ValueTask<DeliveredMessage> CommitAsync(CancellationToken cancellationToken = default)
    {
        FileStream stream = _stream ?? throw new InvalidOperationException("The message was already committed or discarded.");
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true); // fsync: the rename must not make a file visible whose data is still in the page cache only
        await stream.DisposeAsync();
        _stream = null;

        // Same filesystem (tmp is a subdirectory), so this is an atomic rename(2); overwrite: false guards against an id collision.
        File.Move(_temporaryPath, _finalPath, overwrite: false);
        _committed = true;
        var message = new DeliveredMessage(Id, _finalPath, _length);
        _owner.OnCommitted(message);
        return message;
    }

    /// <summary>Closes the file; without a successful commit, deletes it (the transaction was aborted).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync();
            _stream = null;
        }

        if (_committed)
        {
            return;
        }

        try
        {
            File.Delete(_temporaryPath);
            _owner.OnAborted(Id);
        }
        catch (IOException ex)
        {
            _owner.OnCleanupFailed(_temporaryPath, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            _owner.OnCleanupFailed(_temporaryPath, ex);
        }

        _committed = true; // a second dispose is a no-op
    }
}
