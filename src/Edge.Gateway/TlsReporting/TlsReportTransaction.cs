// TlsReportTransaction: one transaction through TlsReportMessageSink. Each call goes to the inner transaction first and
// its reply is returned as is. Once a report mailbox is accepted as a recipient, content is also copied (up to
// Edge:TlsRpt:MaxMessageBytes) and, when the inner sink answers the end of data with 2xx, the copy is queued for
// reading; a bigger message or a full queue is counted and the message simply not read. Disposing releases the copy.
using Edge.Gateway.Transactions;

namespace Edge.Gateway.TlsReporting;

/// <summary>A transaction that may copy a report message on the side.</summary>
internal sealed class TlsReportTransaction(IMailTransaction inner, ReportMailboxes mailboxes, TlsReportMailQueue queue, TlsReportIntake intake)
    : IMailTransaction
{
    private bool _tapped;
    private ReportBuffer? _copy;

    /// <inheritdoc />
    public async ValueTask<SinkReply> AddRecipientAsync(Envelope envelope, int index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var reply = await inner.AddRecipientAsync(envelope, index, cancellationToken).ConfigureAwait(false);
        if (!_tapped && reply.Code is >= 200 and < 300 && !mailboxes.IsEmpty && mailboxes.Contains(envelope.Recipient(index)))
        {
            _tapped = true;
        }

        return reply;
    }

    /// <inheritdoc />
    public ValueTask<SinkReply> BeginContentAsync(CancellationToken cancellationToken)
    {
        if (_tapped)
        {
            _copy?.Dispose();
            _copy = new ReportBuffer(intake.Options.MaxMessageBytes);
        }

        return inner.BeginContentAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await inner.WriteContentAsync(content, cancellationToken).ConfigureAwait(false);
        _copy?.Append(content.Span); // past the limit it stops copying and remembers the overflow
    }

    /// <inheritdoc />
    public async ValueTask WriteLastContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await inner.WriteLastContentAsync(content, cancellationToken).ConfigureAwait(false);
        _copy?.Append(content.Span);
    }

    /// <inheritdoc />
    public async ValueTask<SinkReply> CompleteAsync(CancellationToken cancellationToken)
    {
        var reply = await inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
        if (_copy is { } copy && reply.Code is >= 200 and < 300)
        {
            if (copy.Overflowed)
            {
                intake.Reject(TlsReportChannel.Mail, TlsReportRejection.TooLarge, $"the message is over {copy.Limit} octets");
            }
            else if (queue.TryEnqueue(copy))
            {
                _copy = null; // the queue owns it now
            }
            else
            {
                intake.Reject(TlsReportChannel.Mail, TlsReportRejection.QueueFull, $"{TlsReportMailQueue.Capacity} report messages are waiting to be read");
            }
        }

        return reply;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _copy?.Dispose();
        _copy = null;
        return inner.DisposeAsync();
    }
}
