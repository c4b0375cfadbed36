// RoutedTransaction: a client transaction whose MAIL Edge answered itself (Edge:Relay:PipelineMail, or routes that
// choose the backend group by recipient domain). The first RCPT opens the backend transaction in its domain's group
// (every backend without routes), MAIL and that RCPT pipelined. Later RCPTs must be for a backend of the same
// transaction: a recipient the chosen backend may not take gets 452 4.5.3 and the client sends it in a later
// transaction (RFC 5321 3.3, 4.5.3.1.10).
using System.Runtime.CompilerServices;
using Edge.Gateway.Threading;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Relay;

/// <summary>A transaction whose backend is chosen at the first recipient. Calls never overlap.</summary>
internal sealed class RoutedTransaction(RelayMessageSink sink, RelayRoutes routes, SessionInfo session) : IMailTransaction
{
    /// <summary>452 4.5.3: this recipient's domain is relayed to another backend group; send it in another transaction.</summary>
    public static readonly SmtpReply OtherRoute = SmtpReply.Create(452, "4.5.3", "Recipient routed elsewhere, send it in a separate transaction");

    private RelayTransaction? _inner;

    /// <summary>The backend transaction, once a recipient opened it.</summary>
    public RelayTransaction? Inner => _inner;

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<SinkReply> AddRecipientAsync(Envelope envelope, int index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var allowed = routes.For(envelope.Recipient(index));
        if (_inner is not null)
        {
            return (allowed & sink.Bit(_inner.Backend)) != 0
                ? await _inner.AddRecipientAsync(envelope, index, cancellationToken).ConfigureAwait(false)
                : new SinkReply(OtherRoute);
        }

        // No backend yet: this recipient opens the transaction in its group; a refusal of MAIL (or no backend)
        // answers this RCPT, and the next recipient tries again.
        var (reply, transaction) = await sink.OpenInAsync(session, envelope, allowed, index, cancellationToken).ConfigureAwait(false);
        if (transaction is null)
        {
            return reply;
        }

        _inner = transaction;
        return await transaction.AddRecipientAsync(envelope, index, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<SinkReply> BeginContentAsync(CancellationToken cancellationToken) =>
        _inner is null ? ValueTask.FromResult(new SinkReply(SmtpReplies.LocalError)) : _inner.BeginContentAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _inner is null ? ValueTask.CompletedTask : _inner.WriteContentAsync(content, cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteLastContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        _inner is null ? ValueTask.CompletedTask : _inner.WriteLastContentAsync(content, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SinkReply> CompleteAsync(CancellationToken cancellationToken) =>
        _inner is null ? ValueTask.FromResult(new SinkReply(SmtpReplies.LocalError)) : _inner.CompleteAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner is null ? ValueTask.CompletedTask : _inner.DisposeAsync();
}
