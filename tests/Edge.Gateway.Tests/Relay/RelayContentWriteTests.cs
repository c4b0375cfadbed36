// How content reaches the backend: a message that arrives whole goes out in one write, Edge's Received header, the
// content and the end-of-data line together (IMailTransaction.WriteLastContentAsync; the header waits for the first
// content), a large one in pieces as it arrives; both byte-exact. Real sockets to
// TestBackendMta, with a backend transport that records every write Edge makes.
using System.Collections.Concurrent;
using System.Text;
using Edge.Gateway.Configuration;
using Edge.Gateway.Relay;
using Microsoft.Extensions.DependencyInjection;

namespace Edge.Gateway.Tests.Relay;

[Collection(RelayTestGroup.Name)]
public sealed class RelayContentWriteTests
{
    [Fact]
    public async Task MessageArrivingWhole_ContentAndEndOfDataGoOutInOneWrite()
    {
        await using var backend = new TestBackendMta();
        var transport = new RecordingTransport();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], s => s.AddSingleton<IBackendTransport>(transport));
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var body = TestMessages.Body(7, 1_000);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], body), StringComparison.Ordinal);

        TestMessages.AssertRelayed(body, Assert.Single(backend.Messages).Content);
        var last = transport.Writes.Single(w => w.EndsWith("\r\n.\r\n", StringComparison.Ordinal));
        Assert.Contains("Subject: message 7", last, StringComparison.Ordinal);
        Assert.Contains("Received: from ", last, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LargeMessage_GoesOutInPiecesAsItArrives_ByteExact()
    {
        await using var backend = new TestBackendMta();
        var transport = new RecordingTransport();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], s => s.AddSingleton<IBackendTransport>(transport));
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var body = TestMessages.Body(8, 600_000);
        Assert.StartsWith("250", await client.SendAsync("a@client.example", ["b@example.com"], body), StringComparison.Ordinal);

        TestMessages.AssertRelayed(body, Assert.Single(backend.Messages).Content);
        var content = transport.Writes.SkipWhile(w => !w.StartsWith("Received: from ", StringComparison.Ordinal)).ToList();
        Assert.True(content.Count > 2, $"{content.Count} content writes for 600 KB: forwarded only at the end?");
        Assert.EndsWith("\r\n.\r\n", content[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageArrivingWhole_DotStuffingAndEightBitRules_StillApply()
    {
        // The last piece takes the same path checks as the others: a backend without 8BITMIME gets no 8-bit octets.
        await using var backend = new TestBackendMta { Offer8BitMime = false };
        var transport = new RecordingTransport();
        await using var gateway = await RelayGateway.StartAsync([backend.Endpoint], s => s.AddSingleton<IBackendTransport>(transport));
        await using var client = await SmtpTestClient.ConnectAsync(gateway.EndPoint);

        var reply = await client.SendAsync("a@client.example", ["b@example.com"], TestMessages.Body(9, 1_000)); // contains "café"
        Assert.StartsWith("554 5.6.3", reply, StringComparison.Ordinal);
        Assert.Empty(backend.Messages);
        Assert.DoesNotContain(transport.Writes, w => w.Contains("message 9", StringComparison.Ordinal));

        var ascii = Encoding.ASCII.GetBytes("Subject: plain\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n");
        await using var second = await SmtpTestClient.ConnectAsync(gateway.EndPoint);
        Assert.StartsWith("250", await second.SendAsync("a@client.example", ["b@example.com"], ascii), StringComparison.Ordinal);
        TestMessages.AssertRelayed(ascii, Assert.Single(backend.Messages).Content);
    }

    /// <summary>TCP to the backend, as in production, through a stream that records each write Edge makes.</summary>
    private sealed class RecordingTransport : IBackendTransport
    {
        public ConcurrentQueue<string> Writes { get; } = new();

        public async ValueTask<Stream> ConnectAsync(BackendSettings backend, CancellationToken cancellationToken)
            => new RecordingStream(await SocketBackendTransport.Instance.ConnectAsync(backend, cancellationToken), Writes);
    }

    private sealed class RecordingStream(Stream inner, ConcurrentQueue<string> writes) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            writes.Enqueue(Encoding.Latin1.GetString(buffer, offset, count));
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            writes.Enqueue(Encoding.Latin1.GetString(buffer.Span));
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
