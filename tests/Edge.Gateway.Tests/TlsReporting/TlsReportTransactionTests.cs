// TlsReportTransaction with a stand-in inner transaction: replies pass through unchanged; a full reading queue never
// blocks or fails the transaction, it is counted as queue_full; without a report mailbox recipient nothing is copied.
using System.Text;
using Edge.Gateway.Configuration;
using Edge.Gateway.Metrics;
using Edge.Gateway.Tests.Metrics;
using Edge.Gateway.TlsReporting;
using Edge.Gateway.Transactions;
using Edge.Protocol.Parsing;
using Edge.Protocol.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class TlsReportTransactionTests
{
    [Fact]
    public async Task Complete_QueueFull_ReplyUnchanged_CountedQueueFull()
    {
        var (intake, metrics, queue, mailboxes) = Create();
        for (var i = 0; i < TlsReportMailQueue.Capacity; i++)
        {
            Assert.True(queue.TryEnqueue(new ReportBuffer(16)));
        }

        using var envelope = EnvelopeTo("tlsrpt@example.com");
        var transaction = new TlsReportTransaction(new AcceptingTransaction(), mailboxes, queue, intake);
        var reply = await RunAsync(transaction, envelope);

        Assert.Equal(250, reply.Code);
        Assert.Equal(1, (await ScrapeAsync(metrics)).Value("edge_tlsrpt_reports_rejected_total", ("channel", "mail"), ("reason", "queue_full")));
    }

    [Fact]
    public async Task Complete_ReportMailbox_QueuesTheContentCopy()
    {
        var (intake, _, queue, mailboxes) = Create();
        using var envelope = EnvelopeTo("tlsrpt@example.com");
        var transaction = new TlsReportTransaction(new AcceptingTransaction(), mailboxes, queue, intake);
        await RunAsync(transaction, envelope);

        Assert.True(queue.Reader.TryRead(out var copy));
        using (copy)
        {
            Assert.Equal("Subject: x\r\n\r\nbody\r\n"u8.ToArray(), copy!.Span.ToArray());
        }
    }

    [Fact]
    public async Task Complete_OtherRecipient_NothingQueued()
    {
        var (intake, _, queue, mailboxes) = Create();
        using var envelope = EnvelopeTo("user@example.com");
        var reply = await RunAsync(new TlsReportTransaction(new AcceptingTransaction(), mailboxes, queue, intake), envelope);

        Assert.Equal(250, reply.Code);
        Assert.False(queue.Reader.TryRead(out _));
    }

    private static async Task<SinkReply> RunAsync(TlsReportTransaction transaction, Envelope envelope)
    {
        await using (transaction)
        {
            Assert.Equal(250, (await transaction.AddRecipientAsync(envelope, 0, default)).Code);
            Assert.Equal(354, (await transaction.BeginContentAsync(default)).Code);
            await transaction.WriteContentAsync("Subject: x\r\n\r\n"u8.ToArray(), default);
            await transaction.WriteLastContentAsync("body\r\n"u8.ToArray(), default);
            return await transaction.CompleteAsync(default);
        }
    }

    private static (TlsReportIntake, EdgeMetrics, TlsReportMailQueue, ReportMailboxes) Create()
    {
        var edge = new EdgeOptions();
        edge.TlsRpt.Mailboxes.Add("tlsrpt@example.com");
        var options = Options.Create(edge);
        var metrics = new EdgeMetrics(options, TimeProvider.System, NullLogger<EdgeMetrics>.Instance);
        var intake = new TlsReportIntake(new TlsReportMetrics(metrics), new TlsReportStore(options), options, TimeProvider.System, NullLogger<TlsReportIntake>.Instance);
        return (intake, metrics, new TlsReportMailQueue(), new ReportMailboxes(options));
    }

    private static Envelope EnvelopeTo(string recipient)
    {
        var envelope = new Envelope();
        var rcpt = new SmtpCommand { Verb = SmtpVerb.Rcpt, Path = Encoding.ASCII.GetBytes(recipient) };
        envelope.AddRecipient(rcpt);
        return envelope;
    }

    private static async Task<Scrape> ScrapeAsync(EdgeMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Scrape.Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private sealed class AcceptingTransaction : IMailTransaction
    {
        public ValueTask<SinkReply> AddRecipientAsync(Envelope envelope, int index, CancellationToken cancellationToken) => ValueTask.FromResult<SinkReply>(SmtpReplies.RecipientOk);

        public ValueTask<SinkReply> BeginContentAsync(CancellationToken cancellationToken) => ValueTask.FromResult<SinkReply>(SmtpReplies.StartMailInput);

        public ValueTask WriteContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<SinkReply> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<SinkReply>(new SinkReply(250, "250 2.0.0 Ok\r\n"u8.ToArray()));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
