// IMessageSink: "where a transaction goes". The connection handler opens a transaction at MAIL FROM and
// drives it; directory delivery implements it now, the backend relay later, behind the same seam.
namespace Edge.Gateway.Transactions;

/// <summary>Opens mail transactions. Implementations are singletons, thread-safe.</summary>
internal interface IMessageSink
{
    /// <summary>
    /// Opens a transaction for the envelope's sender. On a positive reply the transaction is returned; otherwise
    /// it is null and the reply (4xx/5xx) goes to the client.
    /// </summary>
    ValueTask<(SinkReply Reply, IMailTransaction? Transaction)> OpenAsync(SessionInfo session, Envelope envelope, CancellationToken cancellationToken);
}
