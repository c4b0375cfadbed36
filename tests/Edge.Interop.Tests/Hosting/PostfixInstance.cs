// PostfixInstance: a private Postfix (Debian's package) as a backend MTA: its own configuration directory, queue,
// data directory and maillog_file under a temporary directory, one smtpd on a free loopback port that accepts
// XFORWARD from 127.0.0.0/8, and virtual(8) delivery of Domain into Maildirs there (only the mailboxes given exist;
// any other recipient gets Postfix's own 550 5.1.1). Started with `postfix -c DIR start`; stopped with
// `postfix -c DIR stop`, then by the master's PID if it is still there. A missing postfix FAILS the test.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Edge.Interop.Tests.Tools;

namespace Edge.Interop.Tests.Hosting;

internal sealed class PostfixInstance : IAsyncDisposable
{
    /// <summary>The domain this Postfix delivers (virtual_mailbox_domains).</summary>
    public const string Domain = "relay.test";

    /// <summary>Postfix's myhostname: in its banner and its Received: field.</summary>
    public const string HostName = "backend.relay.test";

    private const string PostfixCommand = "/usr/sbin/postfix";
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly string _configDirectory;
    private int _masterPid;
    private bool _stopped;

    private PostfixInstance(DirectoryInfo directory, int port)
    {
        Directory = directory;
        Port = port;
        _configDirectory = Path.Combine(directory.FullName, PostfixConfiguration.ConfigDirectory);
    }

    public DirectoryInfo Directory { get; }

    /// <summary>The smtpd's port on 127.0.0.1 (no TLS).</summary>
    public int Port { get; }

    /// <summary>Postfix's maillog_file (written by postlogd).</summary>
    public string LogFile => Path.Combine(Directory.FullName, PostfixConfiguration.LogFile);

    private string MailBase => Path.Combine(Directory.FullName, PostfixConfiguration.MailDirectory);

    /// <summary>Starts Postfix with a Maildir for each of <paramref name="mailboxes"/> (local parts at <see cref="Domain"/>).</summary>
    public static async Task<PostfixInstance> StartAsync(params IReadOnlyList<string> mailboxes)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The Postfix interop tests run on Linux (Debian's postfix package).");
        }

        string postfix = ExternalTool.Locate(PostfixCommand);
        Assert.True(Environment.IsPrivilegedProcess, "postfix start needs root: run the interop tests as root (CI does).");
        (int uid, int gid) = PostfixAccount();

        string failures = string.Empty;
        for (int attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var directory = System.IO.Directory.CreateTempSubdirectory("edge-postfix-");
            var instance = new PostfixInstance(directory, FreePorts.Take(1)[0]);
            ToolResult start;
            try
            {
                PostfixConfiguration.Write(directory.FullName, instance.Port, uid, gid, mailboxes);
                start = await ExternalTool.RunAsync(postfix, ["-c", instance._configDirectory, "start"], timeout: CommandTimeout);
                instance._masterPid = instance.FindMasterPid();
                if (start.ExitCode == 0 && instance._masterPid > 0 && await instance.WaitUntilListeningAsync())
                {
                    return instance;
                }
            }
            catch
            {
                await instance.DisposeAsync(); // never leave a master running behind a failed test
                throw;
            }

            // Most likely the port was taken between FreePorts and master's bind.
            failures += $"\n--- attempt {attempt} ---\n{start.Describe()}\n--- maillog ---\n{instance.ReadLog()}";
            await instance.DisposeAsync();
        }

        Assert.Fail($"Postfix did not start in {StartAttempts} attempts.{failures}");
        throw new UnreachableException();
    }

    /// <summary>Everything Postfix logged so far.</summary>
    public string ReadLog()
    {
        if (!File.Exists(LogFile))
        {
            return string.Empty;
        }

        return ReadShared(LogFile); // postlogd keeps appending while we read
    }

    /// <summary>Polls the log (bounded) for a line matching <paramref name="pattern"/>; fails the test with the log when none comes.</summary>
    public async Task<Match> WaitForLogLineAsync(Regex pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            string log = ReadLog();
            foreach (string line in log.Split('\n'))
            {
                Match match = pattern.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"Postfix logged no line matching /{pattern}/ within {timeout.TotalSeconds:0} s.\n--- {LogFile} ---\n{log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The messages delivered to <paramref name="localPart"/>@<see cref="Domain"/> so far (Maildir new/ and cur/).</summary>
    public string[] MailboxMessages(string localPart)
    {
        var messages = new List<string>();
        foreach (string folder in new[] { "new", "cur" })
        {
            string path = Path.Combine(MailBase, localPart, folder);
            if (System.IO.Directory.Exists(path))
            {
                messages.AddRange(System.IO.Directory.GetFiles(path));
            }
        }

        return [.. messages];
    }

    /// <summary>Polls (bounded) for the message in <paramref name="localPart"/>'s Maildir that contains <paramref name="marker"/>.</summary>
    public async Task<string> WaitForMessageAsync(string localPart, string marker, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            foreach (string message in MailboxMessages(localPart))
            {
                if (File.ReadAllText(message).Contains(marker, StringComparison.Ordinal))
                {
                    return message;
                }
            }

            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"No message containing '{marker}' reached {localPart}@{Domain} within {timeout.TotalSeconds:0} s.\n--- {LogFile} ---\n{ReadLog()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>`postfix -c DIR stop`, then SIGKILL to the master's process tree if it is still running.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            // Exits 1 with "not running" when master is gone; only what is still running afterwards matters.
            await ExternalTool.RunAsync(PostfixCommand, ["-c", _configDirectory, "stop"], timeout: CommandTimeout);
        }
        finally
        {
            int pid = _masterPid > 0 ? _masterPid : FindMasterPid();
            if (pid > 0)
            {
                KillIfRunning(pid);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            try
            {
                Directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A daemon still closing a file; a leftover temp directory is not worth failing a test over.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    // master holds an exclusive lock on queue/pid/master.pid, which .NET cannot open without a conflicting shared
    // lock; it also runs in queue_directory, which tells it apart from any other Postfix on the machine.
    private int FindMasterPid()
    {
        string queue = Path.Combine(Directory.FullName, "queue");
        foreach (string entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(entry, "comm")).TrimEnd() == "master"
                    && new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is { } cwd
                    && Path.TrimEndingDirectorySeparator(cwd) == queue)
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return 0;
    }

    private async Task<bool> WaitUntilListeningAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout && IsRunning(_masterPid))
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        return false;
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // The postfix user and group the package created (virtual(8) delivers as them).
    private static (int Uid, int Gid) PostfixAccount()
    {
        foreach (string line in File.ReadLines("/etc/passwd"))
        {
            string[] fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == "postfix")
            {
                return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        Assert.Fail("There is no postfix user in /etc/passwd: is the postfix package installed?");
        throw new UnreachableException();
    }

    // A zombie (exited, not yet reaped by its new parent) counts as stopped.
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static void KillIfRunning(int pid)
    {
        if (!IsRunning(pid))
        {
            return;
        }

        try
        {
            using var master = Process.GetProcessById(pid);
            master.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Exited meanwhile.
        }
        catch (InvalidOperationException)
        {
        }
    }
}
