// ConnectionReplyWriter: the one reply connection middleware sends before closing (421 limits, 554 pregreet).
// The client may already be gone; a failed write is then the end of the connection, not an error to report.
using Edge.Protocol.Replies;
using Microsoft.AspNetCore.Connections;

namespace Edge.Gateway.Connections;

/// <summary>Writes a final reply on a connection that is about to be closed.</summary>
internal static class ConnectionReplyWriter
{
    public static async Task WriteAndCloseAsync(ConnectionContext context, SmtpReply reply)
    {
        try
        {
            var output = context.Transport.Output;
            output.Write(reply.Span);
            await output.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ConnectionAbortedException or InvalidOperationException)
        {
            // The peer went away first: nothing left to tell it.
        }
    }
}
