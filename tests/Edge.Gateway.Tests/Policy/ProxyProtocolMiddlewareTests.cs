// ProxyProtocolMiddleware over real sockets against the real host: v1 and v2 headers from a trusted balancer
// make the proxied client the session's client (seen in the delivered message's Received header); untrusted
// peers, malformed or missing headers are closed with nothing written; exactly the header is consumed.
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Edge.Gateway.Connections;

namespace Edge.Gateway.Tests.Policy;

public sealed class ProxyProtocolMiddlewareTests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static string[] Proxy(string trusted, params string[] more) => ["ProxyProtocol=true", $"TrustedProxies:0={trusted}", .. more];

    internal static byte[] V1(string client, int port) =>
        Encoding.ASCII.GetBytes($"PROXY TCP4 {client} 192.0.2.1 {port} 25\r\n");

    internal static byte[] V2(IPEndPoint client, byte command = 1, int tlvLength = 0)
    {
        byte[] address = client.Address.GetAddressBytes();
        int block = (address.Length * 2) + 4;
        int tlv = tlvLength > 0 ? 3 + tlvLength : 0;
        var header = new byte[16 + block + tlv];
        Signature.CopyTo(header, 0);
        header[12] = (byte)(0x20 | command);
        header[13] = address.Length == 4 ? (byte)0x11 : (byte)0x21;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)(block + tlv));
        address.CopyTo(header, 16);
        address.CopyTo(header, 16 + address.Length); // destination: any address of the family
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(16 + (2 * address.Length)), (ushort)client.Port);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(18 + (2 * address.Length)), 25);
        if (tlv > 0)
        {
            header[16 + block] = 0x05; // PP2_TYPE_UNIQUE_ID, skipped
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(17 + block), (ushort)tlvLength);
        }

        return header;
    }

    [Fact]
    public async Task OnConnection_V1FromTrustedProxy_SessionSeesProxiedClient()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync(V1("203.0.113.7", 51234));

        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.StartsWith("250", await client.SendMessageAsync("v1"));
        string message = Assert.Single(host.DeliveredMessages());
        Assert.Contains("[203.0.113.7]:51234", message, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7", 40000, "[203.0.113.7]:40000")]
    [InlineData("2001:db8::7", 40001, "[IPv6:2001:db8::7]:40001")]
    public async Task OnConnection_V2FromTrustedNetwork_SessionSeesProxiedClient(string address, int port, string expected)
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.0/8"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync(V2(new IPEndPoint(IPAddress.Parse(address), port), tlvLength: 20));

        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.StartsWith("250", await client.SendMessageAsync("v2"));
        Assert.Contains(expected, Assert.Single(host.DeliveredMessages()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnConnection_V2Local_KeepsTheBalancersAddress()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync(V2(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 1), command: 0));

        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.StartsWith("250", await client.SendMessageAsync("local"));
        string message = Assert.Single(host.DeliveredMessages());
        Assert.Contains("[127.0.0.1]:", message, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnConnection_HeaderAndCommandInOnePacket_ConsumesOnlyTheHeader()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync([.. V1("203.0.113.7", 1), .. "NOOP\r\n"u8]);

        Assert.StartsWith("220 ", await client.ReadReplyAsync());
        Assert.StartsWith("250", await client.ReadReplyAsync());
        Assert.StartsWith("221", await client.CommandAsync("QUIT"));
    }

    [Fact]
    public async Task OnConnection_UntrustedPeer_ClosedWithoutReply()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("10.0.0.1"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync(V1("203.0.113.7", 51234));

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(1, host.MxState.Refused(ConnectionRefusal.ProxyUntrusted));
        Assert.Equal(0, host.MxState.Admitted);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7\r\n")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 99999 25\r\n")]
    [InlineData("EHLO client.example\r\n")]
    [InlineData("\r\n\r\n\0\r\nQUIT\n\u0031\u0011\0\u000c")] // v2 signature, version 3
    public async Task OnConnection_MalformedHeader_ClosedWithoutReply(string header)
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync(Encoding.Latin1.GetBytes(header));

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(1, host.MxState.Refused(ConnectionRefusal.ProxyMalformed));
    }

    [Fact]
    public async Task OnConnection_ClientClosesMidHeader_CountedAsMalformed()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"));
        var client = await RawSmtpClient.ConnectAsync(host.Mx);
        await client.SendAsync("PROXY TCP4 203.0");
        await client.DisposeAsync();

        for (int i = 0; i < 250 && host.MxState.Refused(ConnectionRefusal.ProxyMalformed) == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, host.MxState.Refused(ConnectionRefusal.ProxyMalformed));
    }

    [Fact]
    public async Task OnConnection_NoHeaderWithinTimeout_Closed()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"));
        await using var client = await RawSmtpClient.ConnectAsync(host.Mx);

        await client.SendAsync("PROXY TCP4 "); // a valid start, then nothing (the timeout is 5 s)

        Assert.True(await client.IsClosedAsync());
        Assert.Equal(1, host.MxState.Refused(ConnectionRefusal.ProxyTimeout));
    }

    [Fact]
    public async Task OnConnection_PerAddressLimit_CountsTheProxiedClient()
    {
        await using var host = await PolicyHost.StartAsync(Proxy("127.0.0.1"), "--Edge:Limits:MaxConnectionsPerAddress=2");
        List<RawSmtpClient> open = [];
        try
        {
            foreach (string address in new[] { "203.0.113.7", "203.0.113.7", "203.0.113.8" })
            {
                var admitted = await RawSmtpClient.ConnectAsync(host.Mx);
                open.Add(admitted);
                await admitted.SendAsync(V1(address, 1000 + open.Count));
                Assert.StartsWith("220 ", await admitted.ReadReplyAsync());
            }

            // All three come from 127.0.0.1: only the proxied address counts, and 203.0.113.7 has its two.
            await using var third = await RawSmtpClient.ConnectAsync(host.Mx);
            await third.SendAsync(V1("203.0.113.7", 2000));
            Assert.Equal("421 4.7.0 Too many connections, try again later", await third.ReadLineAsync());
            Assert.True(await third.IsClosedAsync());
        }
        finally
        {
            foreach (RawSmtpClient client in open)
            {
                await client.DisposeAsync();
            }
        }
    }
}
