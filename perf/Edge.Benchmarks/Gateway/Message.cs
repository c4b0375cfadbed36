// Message: one relayed message as the benchmarks and the allocation profile send it, and the end of a session.
using System.Runtime.CompilerServices;

namespace Edge.Benchmarks.Gateway;

internal static class Message
{
    /// <summary>MAIL, RCPT, DATA pipelined; 250, 250, 354; the content; the backend's 250.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask SendAsync(SmtpPipeClient client)
    {
        await client.SendAsync(Scripts.Envelope).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
        await client.ExpectAsync(354).ConfigureAwait(false);
        await client.SendAsync(Scripts.Message4KiB).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
    }

    /// <summary>QUIT, 221, the server closes; the client's pipes are completed.</summary>
    public static async Task QuitAsync(SmtpPipeClient client)
    {
        await client.SendAsync(Scripts.Quit).ConfigureAwait(false);
        await client.ExpectAsync(221).ConfigureAwait(false);
        await client.DrainAsync().ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
    }
}
