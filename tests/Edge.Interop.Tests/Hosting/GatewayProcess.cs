// GatewayProcess: the real gateway as a child process (`dotnet Edge.Gateway.dll`, the build output matching the
// test assembly's configuration) on free loopback ports, in a temporary working directory, so directory delivery
// lands in its default ./data/inbox there. Ready once /healthz answers 200 (bounded wait); DisposeAsync always
// kills the process by PID and removes the directory.
using System.Diagnostics;
using System.Net;

namespace Edge.Interop.Tests.Hosting;

internal sealed class GatewayProcess : IAsyncDisposable
{
    /// <summary>Edge:Hostname given to the gateway: banner, EHLO, Received: and the self-signed certificate's name.</summary>
    public const string HostName = "mx.interop.test";

    private const int StartAttempts = 3;
    private const int LogLines = 400;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Queue<string> _log = new();

    private GatewayProcess(Process process, DirectoryInfo workingDirectory, int[] ports)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        MxPort = ports[0];
        SubmissionPort = ports[1];
        ImplicitTlsPort = ports[2];
        HttpPort = ports[3];
    }

    public DirectoryInfo WorkingDirectory { get; }

    /// <summary>The default Edge:Delivery:Directory (./data/inbox) resolved against the gateway's working directory.</summary>
    public string DeliveryDirectory => Path.Combine(WorkingDirectory.FullName, "data", "inbox");

    /// <summary>Listener 0: mx, STARTTLS.</summary>
    public int MxPort { get; }

    /// <summary>Listener 1: submission, STARTTLS.</summary>
    public int SubmissionPort { get; }

    /// <summary>Listener 2: submission, implicit TLS.</summary>
    public int ImplicitTlsPort { get; }

    public int HttpPort { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the gateway wrote (stdout and stderr), for assertion messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log);
            }
        }
    }

    /// <summary>Starts the gateway; <paramref name="settings"/> are extra command-line settings (e.g. <c>--Edge:Backends:0:Endpoint=...</c>).</summary>
    public static async Task<GatewayProcess> StartAsync(params IReadOnlyList<string> settings)
    {
        string gateway = GatewayAssemblyPath();
        Assert.True(File.Exists(gateway), $"The gateway build output {gateway} does not exist: build the solution (the test project's ProjectReference builds it).");

        string failures = string.Empty;
        for (int attempt = 1; attempt <= StartAttempts; attempt++)
        {
            var candidate = Launch(gateway, settings);
            if (await candidate.WaitUntilReadyAsync())
            {
                return candidate;
            }

            // Exited early (most likely a port taken between FreePorts and the bind) or never became ready.
            failures += $"\n--- attempt {attempt} (pid {candidate.ProcessId}, exited: {candidate._process.HasExited}) ---\n{candidate.Log}";
            await candidate.DisposeAsync();
        }

        Assert.Fail($"The gateway did not become ready (GET /healthz) in {StartAttempts} attempts.{failures}");
        throw new UnreachableException();
    }

    /// <summary>The .eml files delivered so far (the tmp subdirectory holds only messages being written).</summary>
    public string[] DeliveredMessages() =>
        Directory.Exists(DeliveryDirectory) ? Directory.GetFiles(DeliveryDirectory, "*.eml", SearchOption.TopDirectoryOnly) : [];

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(KillTimeout);
            await _process.WaitForExitAsync(wait.Token);
        }
        finally
        {
            _process.Dispose();
            try
            {
                WorkingDirectory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is not worth failing a test over.
            }
        }
    }

    private static GatewayProcess Launch(string gateway, IReadOnlyList<string> settings)
    {
        int[] ports = FreePorts.Take(4);
        var directory = Directory.CreateTempSubdirectory("edge-interop-");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = directory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(gateway);
        start.ArgumentList.Add($"--Edge:Hostname={HostName}");
        start.ArgumentList.Add($"--Edge:Listeners:0:Endpoint=127.0.0.1:{ports[0]}");
        start.ArgumentList.Add($"--Edge:Listeners:1:Endpoint=127.0.0.1:{ports[1]}");
        start.ArgumentList.Add($"--Edge:Listeners:2:Endpoint=127.0.0.1:{ports[2]}");
        start.ArgumentList.Add($"--Edge:Http:Endpoint=127.0.0.1:{ports[3]}");
        foreach (string setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        // The gateway reads every environment variable (Edge__...) and the host environment name: keep the
        // test runner's environment from changing what is under test.
        foreach (string name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("Edge__", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }

        var process = new Process { StartInfo = start };
        var gatewayProcess = new GatewayProcess(process, directory, ports);
        process.OutputDataReceived += (_, e) => gatewayProcess.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gatewayProcess.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gatewayProcess;
    }

    private async Task<bool> WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var health = new Uri($"http://127.0.0.1:{HttpPort}/healthz");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // One slow answer on a busy machine; the overall deadline bounds the wait.
            }

            await Task.Delay(100);
        }

        return false;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Count == LogLines)
            {
                _log.Dequeue();
            }

            _log.Enqueue(line);
        }
    }

    /// <summary>
    /// tests/Edge.Interop.Tests/bin/{Configuration}/{tfm}/ → src/Edge.Gateway/bin/{Configuration}/{tfm}/Edge.Gateway.dll,
    /// so a Release test run starts the Release gateway.
    /// </summary>
    internal static string GatewayAssemblyPath()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        string root = Path.GetFullPath(Path.Combine(output.FullName, "..", "..", "..", "..", ".."));
        return Path.Combine(root, "src", "Edge.Gateway", "bin", configuration, framework, "Edge.Gateway.dll");
    }

    /// <summary>The dotnet host running the tests (the CLI exports DOTNET_HOST_PATH), else dotnet from PATH.</summary>
    internal static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
