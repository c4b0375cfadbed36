// MessageLogState (event 3011) gives the text and the named values the source-generated state gave: the message id,
// the client endpoint as IPEndPoint.ToString writes it, the reply on one line; and it never writes past a short span.
using System.Globalization;
using System.Net;
using System.Text;
using Edge.Gateway.Metrics;
using Edge.Gateway.Transactions;
using Edge.Protocol.Replies;

namespace Edge.Gateway.Tests.Metrics;

public sealed class MessageLogStateTests
{
    public static TheoryData<string?, string> Cases => new()
    {
        { "198.51.100.7:40000", "250 2.0.0 Ok: queued as 4Xyz9\r\n" },
        { "[2001:db8::1]:25", "250 2.0.0 Ok\r\n" },
        { "[::ffff:127.0.0.1]:1234", "554-5.7.1 first line\r\n554 5.7.1 second line\r\n" },
        { "[fe80::1%2]:587", "451 4.3.0 caf\u00e9 \u00fcber\r\n" },
        { null, "250 ok\n" },
        { "127.0.0.1:65535", "250 a\nb\r\n" },
        { "10.0.0.1:1", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToString_AnyClientAndReply_SameTextAsTheTemplate(string? client, string reply)
    {
        var endpoint = client is null ? null : IPEndPoint.Parse(client);
        var bytes = Encoding.UTF8.GetBytes(reply);
        var state = new MessageLogState("0HNQ5ABC", 12, "mx", endpoint, "accepted", 1148, 2, new SinkReply(250, bytes));

        // What the logging source generator's state wrote for the same template and values.
        var expected = string.Create(
            CultureInfo.InvariantCulture,
            $"Message 0HNQ5ABC.12 on mx from {endpoint}: accepted, 1148 bytes, 2 recipients, reply \"{SessionLog.ReplyText(bytes)}\"");
        Assert.Equal(expected, state.ToString());
        Assert.Equal(expected, MessageLogState.Formatter(state, null));
    }

    [Fact]
    public void ToString_PreEncodedReply_UsesItsText()
    {
        var state = new MessageLogState("c1", 1, "submission", null, "accepted", 0, 1, new SinkReply(SmtpReplies.Ok));

        Assert.Equal("Message c1.1 on submission from : accepted, 0 bytes, 1 recipients, reply \"250 2.0.0 Ok\"", state.ToString());
    }

    [Fact]
    public void ToString_ReplyLongerThanFirstBuffer_Complete()
    {
        var text = "250 " + new string('q', 3000);
        var state = new MessageLogState("c1", 1, "mx", null, "accepted", 1, 1, new SinkReply(250, Encoding.ASCII.GetBytes(text + "\r\n")));

        Assert.EndsWith("reply \"" + text + "\"", state.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TryFormat_EveryShorterSpan_FalseWithoutWritingPastIt()
    {
        var state = new MessageLogState("0HNQ5ABC", 7, "mx", IPEndPoint.Parse("[2001:db8::1]:25"), "rejected", 99, 3,
            new SinkReply(550, Encoding.ASCII.GetBytes("550-5.1.1 a\r\n550 5.1.1 b\r\n")));
        var full = state.ToString();

        for (var size = 0; size < full.Length; size++)
        {
            var buffer = new char[size + 8];
            Array.Fill(buffer, '#');
            Assert.False(state.TryFormat(buffer.AsSpan(0, size), out _), $"fits in {size}");
            Assert.All(buffer[size..], c => Assert.Equal('#', c));
        }

        var exact = new char[full.Length];
        Assert.True(state.TryFormat(exact, out var written));
        Assert.Equal(full, new string(exact, 0, written));
    }

    [Fact]
    public void Values_NamedAsTheTemplate_WithTheGeneratedTypes()
    {
        var client = new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000);
        var state = new MessageLogState("c9", 3, "mx", client, "tempfail", 2048L, 4, new SinkReply(451, Encoding.ASCII.GetBytes("451 4.4.1 later\r\n")));

        var values = state.ToList();
        Assert.Equal(8, state.Count);
        Assert.Equal(
            ["MessageId", "Listener", "Client", "Result", "Size", "Recipients", "Reply", "{OriginalFormat}"],
            values.Select(v => v.Key));
        Assert.Equal("c9.3", values[0].Value);
        Assert.Equal("mx", values[1].Value);
        Assert.Same(client, values[2].Value);
        Assert.Equal("tempfail", values[3].Value);
        Assert.Equal(2048L, values[4].Value);
        Assert.Equal(4, values[5].Value);
        Assert.Equal("451 4.4.1 later", values[6].Value);
        Assert.Equal(
            "Message {MessageId} on {Listener} from {Client}: {Result}, {Size} bytes, {Recipients} recipients, reply \"{Reply}\"",
            values[7].Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => state[8]);
    }
}
