// DirectoryMessageSink: the embedded default sink. Each accepted message becomes one .eml file (temporary
// name, flushed to disk, renamed) in Edge:Delivery:Directory; 250 is given only after the rename.
using System.Globalization;
using System.Text;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Delivery;

/// <summary>An <see cref="IMessageSink"/> that delivers into a directory.</summary>
internal sealed class DirectoryMessageSink(DirectoryDelivery delivery) : IMessageSink
{
    /// <inheritdoc />
    public ValueTask<(SinkReply Reply, IMailTransaction? Transaction)> OpenAsync(SessionInfo session, Envelope envelope, CancellationToken cancellationToken) =>
        ValueTask.FromResult<(SinkReply, IMailTransaction?)>((SmtpReplies.SenderOk, new Transaction(delivery)));

    private sealed class Transaction(DirectoryDelivery delivery) : IMailTransaction
    {
        private DirectoryMessageWriter? _writer;

        public ValueTask<SinkReply> AddRecipientAsync(Envelope envelope, int index, CancellationToken cancellationToken) =>
            ValueTask.FromResult<SinkReply>(SmtpReplies.RecipientOk);

        public ValueTask<SinkReply> BeginContentAsync(CancellationToken cancellationToken)
        {
            _writer = delivery.BeginMessage();
            return ValueTask.FromResult<SinkReply>(SmtpReplies.StartMailInput);
        }

        public ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            _writer!.WriteAsync(content, cancellationToken);

        public async ValueTask<SinkReply> CompleteAsync(CancellationToken cancellationToken)
        {
            var delivered = await _writer!.CommitAsync(cancellationToken).ConfigureAwait(false);
            var text = string.Create(CultureInfo.InvariantCulture, $"250 2.0.0 Ok: queued as {delivered.Id}\r\n");
            return new SinkReply(250, Encoding.ASCII.GetBytes(text));
        }

        public async ValueTask DisposeAsync()
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
                _writer = null;
            }
        }
    }
}
