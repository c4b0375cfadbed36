// TlsReportMessageSink: the mail channel of TLSRPT intake (RFC 8460 3, "mailto" rua), as a decorator around the real
// message sink (relay or directory). Every transaction goes to the inner sink unchanged; the ones with a recipient
// in Edge:TlsRpt:Mailboxes are copied on the side (TlsReportTransaction) and read after the inner sink accepted them.
// The decorator never changes a reply, never fails a transaction and never delays the relay beyond a memory copy.
using Edge.Gateway.Transactions;

namespace Edge.Gateway.TlsReporting;

/// <summary>Taps report mail passing through the inner sink. Singleton, thread-safe.</summary>
internal sealed class TlsReportMessageSink(IMessageSink inner, ReportMailboxes mailboxes, TlsReportMailQueue queue, TlsReportIntake intake)
    : IMessageSink, IAsyncDisposable, IDisposable
{
    /// <summary>The decorated sink.</summary>
    public IMessageSink Inner => inner;

    /// <inheritdoc />
    public async ValueTask<(SinkReply Reply, IMailTransaction? Transaction)> OpenAsync(SessionInfo session, Envelope envelope, CancellationToken cancellationToken)
    {
        var (reply, transaction) = await inner.OpenAsync(session, envelope, cancellationToken).ConfigureAwait(false);
        return transaction is null
            ? (reply, null)
            : (reply, new TlsReportTransaction(transaction, mailboxes, queue, intake));
    }

    // The container disposes what it built, which is this decorator: the inner sink's pool and connections go with it.
    public async ValueTask DisposeAsync()
    {
        switch (inner)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
