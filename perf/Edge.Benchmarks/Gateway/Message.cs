// Message: one relayed message as the benchmarks and the allocation profile send it, and the end of a session.
using System.Runtime.CompilerServices;

namespace Edge.Benchmarks.Gateway;

internal static class Message
{
    /// <summary>MAIL, RCPT, DATA pipelined; 250, 250, 354; the content (4 KiB unless given); the backend's 250.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask SendAsync(SmtpPipeClient client, byte[]? content = null)
    {
        await client.SendAsync(Scripts.Envelope).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
        await client.ExpectAsync(354).ConfigureAwait(false);
        await client.SendAsync(content ?? Scripts.Message4KiB).ConfigureAwait(false);
        await client.ExpectAsync(250).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="each"/> messages on every session, the sessions all at once (their messages in flight together,
    /// as under real load, so per-thread caches cannot serve what one session's sequence would let them).
    /// </summary>
    public static Task SendConcurrentlyAsync(SmtpPipeClient[] sessions, int each, byte[] content)
    {
        var sending = new Task[sessions.Length];
        for (var i = 0; i < sessions.Length; i++)
        {
            sending[i] = sessions[i].SendMessagesAsync(each, content);
        }

        return Task.WhenAll(sending);
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
