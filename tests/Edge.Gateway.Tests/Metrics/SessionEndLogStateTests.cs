// SessionEndLogState (event 3010) gives the text and the named values the source-generated state gave, for any kind
// of endpoint, and never writes past a short span.
using System.Globalization;
using System.Net;
using Edge.Gateway.Metrics;

namespace Edge.Gateway.Tests.Metrics;

public sealed class SessionEndLogStateTests
{
    public static TheoryData<EndPoint?> Clients => new()
    {
        new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000),
        new IPEndPoint(IPAddress.Parse("2001:db8::25"), 587),
        new IPEndPoint(IPAddress.Parse("::ffff:10.1.2.3"), 25),
        new DnsEndPoint("client.example", 25),
        null,
    };

    [Theory]
    [MemberData(nameof(Clients))]
    public void ToString_AnyClient_SameTextAsTheTemplate(EndPoint? client)
    {
        var state = new SessionEndLogState("0HNQ5ABC", "mx", client, "TLSv1.3", "TLS_AES_256_GCM_SHA384", "none", 3, 2, 1_234_567_890_123, 1500);

        // What the logging source generator's state wrote for the same template and values.
        var expected = string.Create(
            CultureInfo.InvariantCulture,
            $"Session 0HNQ5ABC on mx from {client} ended: tls TLSv1.3 TLS_AES_256_GCM_SHA384, downgrade none, 3 messages (2 accepted), 1234567890123 bytes, 1500 ms");
        Assert.Equal(expected, state.ToString());
        Assert.Equal(expected, SessionEndLogState.Formatter(state, null));
    }

    [Fact]
    public void TryFormat_EveryShorterSpan_FalseWithoutWritingPastIt()
    {
        var state = new SessionEndLogState("c7", "submission", new IPEndPoint(IPAddress.IPv6Loopback, 2525), "none", "-", "plaintext_after_offer", 0, 0, 0, 12);
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
        var client = new IPEndPoint(IPAddress.Loopback, 1);
        var state = new SessionEndLogState("c1", "mx", client, "TLSv1.2", "TLS_ECDHE", "tls_peer_went_plaintext", 4, 3, 4096L, 77L);

        var values = state.ToList();
        Assert.Equal(
            ["ConnectionId", "Listener", "Client", "TlsProtocol", "TlsCipher", "Downgrade", "Messages", "Accepted", "Bytes", "DurationMs", "{OriginalFormat}"],
            values.Select(v => v.Key));
        Assert.Equal<object?>(["c1", "mx", client, "TLSv1.2", "TLS_ECDHE", "tls_peer_went_plaintext", 4, 3, 4096L, 77L, SessionEndLogState.Template], values.Select(v => v.Value));
        Assert.Equal(
            "Session {ConnectionId} on {Listener} from {Client} ended: tls {TlsProtocol} {TlsCipher}, downgrade {Downgrade}, {Messages} messages ({Accepted} accepted), {Bytes} bytes, {DurationMs} ms",
            SessionEndLogState.Template);
        Assert.Throws<ArgumentOutOfRangeException>(() => state[11]);
    }
}
