// ProxyHeaderParser examples: v1 and v2 headers as balancers send them (HAProxy proxy-protocol.txt), the
// refusals, and the exact-consumption rule; every case also runs with the input split at every byte boundary.
using System.Net;
using Edge.Protocol.Proxy;
using static Edge.Protocol.Tests.Proxy.ProxyHeaders;

namespace Edge.Protocol.Tests.Proxy;

public class ProxyHeaderParserTests
{
    private static readonly IPEndPoint Client4 = new(IPAddress.Parse("203.0.113.7"), 51234);
    private static readonly IPEndPoint Server4 = new(IPAddress.Parse("192.0.2.1"), 25);
    private static readonly IPEndPoint Client6 = new(IPAddress.Parse("2001:db8::7"), 40000);
    private static readonly IPEndPoint Server6 = new(IPAddress.Parse("2001:db8::1"), 25);

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 25\r\n", "203.0.113.7", 51234)]
    [InlineData("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", "0.0.0.0", 0)]
    [InlineData("PROXY TCP6 2001:db8::7 2001:db8::1 40000 25\r\n", "2001:db8::7", 40000)]
    [InlineData("PROXY TCP6 ::ffff:203.0.113.7 ::1 1 2\r\n", "::ffff:203.0.113.7", 1)]
    [InlineData("PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535)] // the longest TCP6 line the spec sizes its 107 octets for
    [InlineData("PROXY TCP6 1:2:3:4:5:6:192.0.2.1 ::1 1 2\r\n", "1:2:3:4:5:6:c000:201", 1)]
    public void TryParse_V1Tcp_ReturnsSourceAndConsumesTheLine(string line, string address, int port)
    {
        byte[] input = [.. V1(line), .. "EHLO client\r\n"u8];

        Outcome outcome = ParseEverySplit(input);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Equal(ProxyHeaderError.None, outcome.Error);
        Assert.Equal(1, outcome.Header.Version);
        Assert.Equal(ProxyCommand.Proxy, outcome.Header.Command);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), outcome.Header.Source);
        Assert.Equal(line.Length, outcome.Consumed);
        Assert.Equal(line.Length, outcome.Header.Length);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n")]
    public void TryParse_V1Unknown_CompletesWithoutSource(string line)
    {
        Outcome outcome = ParseEverySplit([.. V1(line), .. "QUIT\r\n"u8]);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Null(outcome.Header.Source);
        Assert.Equal(line.Length, outcome.Consumed);
    }

    [Fact]
    public void TryParse_V1AtMaximumLength_Completes()
    {
        string line = "PROXY UNKNOWN " + new string('x', ProxyHeaderParser.MaxV1Length - 16) + "\r\n";
        Assert.Equal(ProxyHeaderParser.MaxV1Length, line.Length);

        Outcome outcome = Parse(V1(line));

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Equal(ProxyHeaderParser.MaxV1Length, outcome.Consumed);
    }

    [Fact]
    public void TryParse_V1WithoutLineEndWithin107Octets_IsTooLong()
    {
        string line = "PROXY UNKNOWN " + new string('x', ProxyHeaderParser.MaxV1Length - 15) + "\r\n";

        Outcome outcome = ParseEverySplit(V1(line));

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(ProxyHeaderError.TooLong, outcome.Error);
        Assert.Equal(0, outcome.Consumed);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PROXY")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 25")]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 25\r")]
    public void TryParse_V1Prefix_IsIncompleteAndConsumesNothing(string text)
    {
        Outcome outcome = ParseEverySplit(V1(text));

        Assert.Equal(ProxyParseStatus.Incomplete, outcome.Status);
        Assert.Equal(0, outcome.Consumed);
    }

    [Theory]
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 25\n")] // bare LF
    [InlineData("PROXY TCP4  203.0.113.7 192.0.2.1 51234 25\r\n")] // double space
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 25 \r\n")] // trailing space
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234\r\n")] // field missing
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 51234 25 26\r\n")] // field too many
    [InlineData("PROXY TCP4 2001:db8::7 192.0.2.1 51234 25\r\n")] // family mismatch
    [InlineData("PROXY TCP6 203.0.113.7 2001:db8::1 51234 25\r\n")] // family mismatch
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 65536 25\r\n")] // port range
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 051234 25\r\n")] // leading zero
    [InlineData("PROXY TCP4 203.0.113.07 192.0.2.1 51234 25\r\n")] // octal-looking octet
    [InlineData("PROXY TCP4 203.0.113 192.0.2.1 51234 25\r\n")] // short address
    [InlineData("PROXY TCP4 203.0.113.256 192.0.2.1 51234 25\r\n")] // octet range
    [InlineData("PROXY TCP4 203.0.113.7 192.0.2.1 -1 25\r\n")] // sign
    [InlineData("PROXY TCP6 2001:db8::7%eth0 2001:db8::1 1 25\r\n")] // zone id
    [InlineData("PROXY TCP6 2001:db8:::7 2001:db8::1 1 25\r\n")] // triple colon
    [InlineData("PROXY TCP6 1::2::3 2001:db8::1 1 25\r\n")] // two compressions
    [InlineData("PROXY TCP5 203.0.113.7 192.0.2.1 51234 25\r\n")] // protocol
    [InlineData("PROXY UNKNOWNX\r\n")]
    [InlineData("PROXY \r\n")]
    [InlineData("PROXY tcp4 203.0.113.7 192.0.2.1 51234 25\r\n")] // case
    public void TryParse_MalformedV1_IsInvalid(string line)
    {
        Outcome outcome = ParseEverySplit([.. V1(line), .. "QUIT\r\n"u8]);

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(ProxyHeaderError.MalformedV1, outcome.Error);
        Assert.Equal(0, outcome.Consumed);
    }

    [Theory]
    [InlineData("EHLO client.example\r\n")]
    [InlineData("proxy TCP4 203.0.113.7 192.0.2.1 51234 25\r\n")]
    [InlineData("PROXZ")]
    [InlineData("\u0016\u0003\u0001")] // a TLS ClientHello
    [InlineData("\r\n\r\n\0\r\nQUIX")]
    public void TryParse_NotAHeader_IsInvalid(string text)
    {
        Outcome outcome = ParseEverySplit(V1(text));

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(ProxyHeaderError.NotProxyProtocol, outcome.Error);
        Assert.Equal(0, outcome.Consumed);
    }

    [Fact]
    public void TryParse_Empty_IsIncomplete()
    {
        Assert.Equal(ProxyParseStatus.Incomplete, Parse([]).Status);
    }

    [Fact]
    public void TryParse_V2Tcp4_ReturnsSourceAndConsumesExactlyTheHeader()
    {
        byte[] header = V2Proxy(Client4, Server4);
        byte[] input = [.. header, .. "EHLO client\r\n"u8];

        Outcome outcome = ParseEverySplit(input);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Equal(2, outcome.Header.Version);
        Assert.Equal(ProxyCommand.Proxy, outcome.Header.Command);
        Assert.Equal(Client4, outcome.Header.Source);
        Assert.Equal(16 + 12, outcome.Consumed);
        Assert.Equal(header.Length, outcome.Header.Length);
    }

    [Fact]
    public void TryParse_V2Tcp6WithTlvs_SkipsTlvsAndReturnsSource()
    {
        byte[] header = V2Proxy(Client6, Server6, Tlv(0x05, 16), Tlv(0x04, 0), Tlv(0x20, 300));
        byte[] input = [.. header, .. "QUIT\r\n"u8];

        Outcome outcome = ParseEverySplit(input);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Equal(Client6, outcome.Header.Source);
        Assert.Equal(header.Length, outcome.Consumed);
    }

    [Fact]
    public void TryParse_V2Local_CompletesWithoutSourceAndIgnoresTheBlock()
    {
        // LOCAL: the family and block are ignored, whatever they hold (a health check from the balancer itself).
        byte[] header = V2(0, 0x12, [1, 2, 3, 4, 5]);

        Outcome outcome = ParseEverySplit([.. header, .. "QUIT\r\n"u8]);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Equal(ProxyCommand.Local, outcome.Header.Command);
        Assert.Null(outcome.Header.Source);
        Assert.Equal(header.Length, outcome.Consumed);
    }

    [Theory]
    [InlineData(0x00, 0)] // UNSPEC
    [InlineData(0x00, 7)] // UNSPEC followed by a TLV
    [InlineData(0x31, 216)] // UNIX stream
    public void TryParse_V2ProxyWithoutIpFamily_CompletesWithoutSource(byte family, int blockLength)
    {
        byte[] block = family == 0x00 && blockLength > 0 ? Tlv(0x04, blockLength - 3) : new byte[blockLength];
        byte[] header = V2(1, family, block);

        Outcome outcome = Parse([.. header, .. "x"u8]);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Null(outcome.Header.Source);
        Assert.Equal(header.Length, outcome.Consumed);
    }

    [Theory]
    [InlineData(0x10, 0x11, ProxyHeaderError.UnsupportedVersion)]
    [InlineData(0x31, 0x11, ProxyHeaderError.UnsupportedVersion)]
    [InlineData(0x22, 0x11, ProxyHeaderError.UnsupportedCommand)]
    [InlineData(0x2F, 0x11, ProxyHeaderError.UnsupportedCommand)]
    [InlineData(0x21, 0x12, ProxyHeaderError.UnsupportedFamily)] // UDP over IPv4
    [InlineData(0x21, 0x22, ProxyHeaderError.UnsupportedFamily)] // UDP over IPv6
    [InlineData(0x21, 0x10, ProxyHeaderError.UnsupportedFamily)] // IPv4, transport UNSPEC
    [InlineData(0x21, 0x41, ProxyHeaderError.UnsupportedFamily)] // unknown family
    public void TryParse_V2BadVersionCommandOrFamily_IsInvalid(byte versionCommand, byte family, ProxyHeaderError expected)
    {
        byte[] header = V2Proxy(Client4, Server4);
        header[12] = versionCommand;
        header[13] = family;

        Outcome outcome = ParseEverySplit(header);

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(expected, outcome.Error);
        Assert.Equal(0, outcome.Consumed);
    }

    [Theory]
    [InlineData(0x11, 11)]
    [InlineData(0x21, 35)]
    [InlineData(0x31, 215)]
    public void TryParse_V2BlockShorterThanFamily_IsAddressTooShort(byte family, int length)
    {
        Outcome outcome = Parse([.. V2(1, family, new byte[length]), .. "QUIT\r\n"u8]);

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(ProxyHeaderError.AddressTooShort, outcome.Error);
    }

    [Theory]
    [InlineData(new byte[] { 0x05 })] // TLV shorter than its own type and length
    [InlineData(new byte[] { 0x05, 0x00 })]
    [InlineData(new byte[] { 0x05, 0x00, 0x02, 0x41 })] // value runs past the declared length
    public void TryParse_V2TlvOverrunningTheHeader_IsMalformedTlv(byte[] tlv)
    {
        byte[] header = V2Proxy(Client4, Server4, tlv);

        Outcome outcome = ParseEverySplit([.. header, .. "QUIT\r\n"u8]);

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(ProxyHeaderError.MalformedTlv, outcome.Error);
        Assert.Null(outcome.Header.Source);
    }

    [Fact]
    public void TryParse_V2AtMaximumLength_Completes()
    {
        byte[] header = V2Proxy(Client4, Server4, Tlv(0x04, ProxyHeaderParser.MaxV2Length - 16 - 12 - 3));
        Assert.Equal(ProxyHeaderParser.MaxV2Length, header.Length);

        Outcome outcome = Parse(header);

        Assert.Equal(ProxyParseStatus.Complete, outcome.Status);
        Assert.Equal(ProxyHeaderParser.MaxV2Length, outcome.Consumed);
    }

    [Fact]
    public void TryParse_V2DeclaredLengthOverMaximum_IsTooLongBeforeTheBodyArrives()
    {
        byte[] fixedPart = V2(1, 0x11, [], declaredLength: ProxyHeaderParser.MaxV2Length - 16 + 1);

        Outcome outcome = Parse(fixedPart);

        Assert.Equal(ProxyParseStatus.Invalid, outcome.Status);
        Assert.Equal(ProxyHeaderError.TooLong, outcome.Error);
    }

    [Fact]
    public void TryParse_V2Truncated_IsIncompleteAtEveryLength()
    {
        byte[] header = V2Proxy(Client6, Server6, Tlv(0x01, 2));
        for (int length = 1; length < header.Length; length++)
        {
            Outcome outcome = Parse(header[..length]);
            Assert.Equal(ProxyParseStatus.Incomplete, outcome.Status);
            Assert.Equal(0, outcome.Consumed);
        }
    }
}
