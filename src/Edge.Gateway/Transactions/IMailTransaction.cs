// IMailTransaction: one transaction at a sink, from MAIL to the final reply. Disposing it without
// CompleteAsync aborts it: nothing is delivered (RSET, client gone, size or framing violation).
namespace Edge.Gateway.Transactions;

/// <summary>A transaction in progress. Calls never overlap; one connection drives it.</summary>
internal interface IMailTransaction : IAsyncDisposable
{
    /// <summary>Asks about recipient <paramref name="index"/> of the envelope; a positive reply means accepted.</summary>
    ValueTask<SinkReply> AddRecipientAsync(Envelope envelope, int index, CancellationToken cancellationToken);

    /// <summary>Content is about to start (DATA or the first BDAT chunk). A positive reply lets it begin.</summary>
    ValueTask<SinkReply> BeginContentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Appends message content: dot-unstuffed, canonical CRLF, starting with Edge's Received header. The memory is
    /// only valid for the duration of the call.
    /// </summary>
    ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the last content, which <see cref="CompleteAsync"/> follows at once: a sink may hold it and send it with
    /// the end of data (one write to a backend for a message that arrived in one piece). As <see cref="WriteContentAsync"/>.
    /// </summary>
    ValueTask WriteLastContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => WriteContentAsync(content, cancellationToken);

    /// <summary>All content was written; returns the final verdict. 2xx means a sink holds the message.</summary>
    ValueTask<SinkReply> CompleteAsync(CancellationToken cancellationToken);
}
