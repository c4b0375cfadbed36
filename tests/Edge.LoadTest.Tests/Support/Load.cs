// Load: LoadOptions for tests: small, bounded runs with short timeouts so a broken server fails a test quickly.
using System.Net;
using Edge.LoadTest.Client;
using Edge.LoadTest.Reporting;

namespace Edge.LoadTest.Tests.Support;

internal static class Load
{
    public static LoadOptions To(IPEndPoint target, TlsMode tls = TlsMode.None, long messages = 300) => new()
    {
        Target = target,
        ServerName = "localhost",
        Tls = tls,
        Insecure = true,
        Verify = true,
        Sessions = 10,
        MaxMessages = messages,
        MessagesPerSession = 25,
        MessageSize = 2048,
        ReplyTimeout = TimeSpan.FromSeconds(20),
        DrainTimeout = TimeSpan.FromSeconds(20),
    };

    /// <summary>Runs with an overall bound, so a hung run fails the test instead of hanging it.</summary>
    public static async Task<LoadReport> RunAsync(LoadOptions options)
    {
        var runner = new LoadRunner(options);
        return await runner.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));
    }
}
