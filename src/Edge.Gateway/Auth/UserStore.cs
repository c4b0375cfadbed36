// UserStore: the users allowed to AUTH, from Edge:Auth:Users and Edge:Auth:UsersFile (re-read when the file's
// write time changes, checked at each lookup). Verification runs on the thread pool: hashes are slow on purpose.
using System.Text.Json;
using Edge.Gateway.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Edge.Gateway.Auth;

/// <summary>Looks up users and verifies passwords. Thread-safe.</summary>
internal sealed partial class UserStore
{
    // A bcrypt hash of a random password: unknown users cost the same time as known ones (no user oracle).
    private static readonly Lazy<string> s_dummyHash = new(() => PasswordHash.Create(Guid.NewGuid().ToString("N")));
    private readonly AuthOptions _options;
    private readonly ILogger<UserStore> _logger;
    private readonly Lock _gate = new();
    private Dictionary<string, string> _users;
    private DateTime _fileStamp;

    public UserStore(IOptions<EdgeOptions> options, ILogger<UserStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Auth;
        _logger = logger;
        _users = Load();
    }

    /// <summary>True when at least one user can authenticate (AUTH is offered only then).</summary>
    public bool HasUsers
    {
        get
        {
            Refresh();
            return Volatile.Read(ref _users).Count > 0;
        }
    }

    /// <summary>Verifies <paramref name="password"/> for <paramref name="user"/> off the calling thread.</summary>
    public Task<bool> VerifyAsync(string user, string password)
    {
        Refresh();
        var users = Volatile.Read(ref _users);
        var found = users.TryGetValue(user, out var hash);
        return Task.Run(() =>
        {
            var ok = PasswordHash.Verify(found ? hash! : s_dummyHash.Value, password);
            return found && ok;
        });
    }

    private void Refresh()
    {
        var path = _options.UsersFile;
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var stamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        if (stamp == _fileStamp)
        {
            return;
        }

        lock (_gate)
        {
            if (stamp != _fileStamp)
            {
                Volatile.Write(ref _users, Load());
            }
        }
    }

    private Dictionary<string, string> Load()
    {
        var users = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in _options.Users)
        {
            Add(users, user, "Edge:Auth:Users");
        }

        var path = _options.UsersFile;
        if (!string.IsNullOrEmpty(path))
        {
            _fileStamp = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
            try
            {
                using var stream = File.OpenRead(path);
                var file = JsonSerializer.Deserialize(stream, AuthJsonContext.Default.UsersFileModel);
                foreach (var user in file?.Users ?? [])
                {
                    Add(users, user, path);
                }

                Log.UsersLoaded(_logger, users.Count, path);
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                Log.UsersFileFailed(_logger, path, ex);
            }
        }

        return users;
    }

    private void Add(Dictionary<string, string> users, AuthUserOptions user, string source)
    {
        if (string.IsNullOrWhiteSpace(user.Name) || !PasswordHash.IsSupported(user.PasswordHash))
        {
            Log.UserSkipped(_logger, user.Name, source);
            return;
        }

        users[user.Name] = user.PasswordHash;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Loaded {Count} users (file {Path})")]
        public static partial void UsersLoaded(ILogger logger, int count, string path);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Cannot read users file {Path}; keeping the inline users only")]
        public static partial void UsersFileFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "User '{Name}' from {Source} skipped: empty name or unsupported password hash")]
        public static partial void UserSkipped(ILogger logger, string name, string source);
    }
}
