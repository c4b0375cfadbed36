// ProxyAddressText: the v1 address and port fields. Examples of the strict forms, and properties against
// System.Net.IPAddress: every address it accepts means what IPAddress says it means, and every address
// IPAddress prints (the canonical forms a balancer writes) is accepted with the same bytes.
using System.Net;
using System.Text;
using Edge.Protocol.Proxy;
using FsCheck.Xunit;

namespace Edge.Protocol.Tests.Proxy;

public class ProxyAddressTextTests
{
    private static readonly byte[] IPv6Alphabet = "0123456789abcdefABCDEF:.:"u8.ToArray();

    [Theory]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("2001:DB8::7", "2001:db8::7")]
    [InlineData("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6::8", "1:2:3:4:5:6:0:8")]
    [InlineData("::ffff:192.0.2.1", "::ffff:192.0.2.1")]
    [InlineData("1:2:3:4:5:6:192.0.2.1", "1:2:3:4:5:6:c000:201")]
    [InlineData("0000:0000:0000:0000:0000:0000:0000:0001", "::1")]
    public void TryParseIPv6_ValidForms_ReturnsTheAddress(string text, string expected)
    {
        byte[] bytes = new byte[16];

        Assert.True(ProxyAddressText.TryParseIPv6(Encoding.ASCII.GetBytes(text), bytes));
        Assert.Equal(IPAddress.Parse(expected), new IPAddress(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData(":1::")]
    [InlineData("1:")]
    [InlineData("1::2::3")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7::8")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("12345::")]
    [InlineData("g::")]
    [InlineData("::1.2.3")]
    [InlineData("::1.2.3.4.5")]
    [InlineData("::01.2.3.4")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("::1.2.3.4:5")]
    [InlineData("fe80::1%1")]
    [InlineData("[::1]")]
    public void TryParseIPv6_InvalidForms_ReturnsFalse(string text)
    {
        Assert.False(ProxyAddressText.TryParseIPv6(Encoding.ASCII.GetBytes(text), new byte[16]));
    }

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("256.0.0.1", false)]
    [InlineData("01.0.0.1", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.", false)]
    [InlineData("1..3.4", false)]
    [InlineData("1.2.3.4 ", false)]
    [InlineData("0x1.2.3.4", false)]
    [InlineData("16909060", false)]
    public void TryParseIPv4_Forms_AcceptsOnlyDottedQuads(string text, bool valid)
    {
        byte[] bytes = new byte[4];

        Assert.Equal(valid, ProxyAddressText.TryParseIPv4(Encoding.ASCII.GetBytes(text), bytes));
        if (valid)
        {
            Assert.Equal(IPAddress.Parse(text), new IPAddress(bytes));
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("25", 25)]
    [InlineData("65535", 65535)]
    [InlineData("65536", -1)]
    [InlineData("99999", -1)]
    [InlineData("025", -1)]
    [InlineData("", -1)]
    [InlineData("+25", -1)]
    [InlineData("123456", -1)]
    public void TryParsePort_Forms_AcceptsOnlyPlainDecimalInRange(string text, int expected)
    {
        bool ok = ProxyAddressText.TryParsePort(Encoding.ASCII.GetBytes(text), out int port);

        Assert.Equal(expected >= 0, ok);
        if (ok)
        {
            Assert.Equal(expected, port);
        }
    }

    [Property(MaxTest = 2000)]
    public void TryParseIPv6_RandomText_AcceptsOnlyWhatIPAddressReadsTheSame(byte[] seed)
    {
        byte[] text = (seed ?? []).Take(50).Select(b => IPv6Alphabet[b % IPv6Alphabet.Length]).ToArray();
        byte[] bytes = new byte[16];

        if (ProxyAddressText.TryParseIPv6(text, bytes))
        {
            Assert.True(IPAddress.TryParse(Encoding.ASCII.GetString(text), out IPAddress? reference));
            Assert.Equal(reference.GetAddressBytes(), bytes);
        }
    }

    [Property(MaxTest = 2000)]
    public void TryParseIPv6_CanonicalText_RoundTrips(ulong high, ulong low, byte zeroRun)
    {
        // Zero some groups so the "::" forms are exercised as often as the full ones.
        byte[] raw = new byte[16];
        BitConverter.TryWriteBytes(raw.AsSpan(0, 8), high);
        BitConverter.TryWriteBytes(raw.AsSpan(8, 8), low);
        raw.AsSpan(zeroRun % 16, Math.Min(16 - (zeroRun % 16), zeroRun / 16)).Clear();
        var address = new IPAddress(raw);
        byte[] bytes = new byte[16];

        Assert.True(ProxyAddressText.TryParseIPv6(Encoding.ASCII.GetBytes(address.ToString()), bytes), address.ToString());
        Assert.Equal(raw, bytes);
    }

    [Property(MaxTest = 500)]
    public void TryParseIPv4_CanonicalText_RoundTrips(uint value)
    {
        var address = new IPAddress(BitConverter.GetBytes(value));
        byte[] bytes = new byte[4];

        Assert.True(ProxyAddressText.TryParseIPv4(Encoding.ASCII.GetBytes(address.ToString()), bytes));
        Assert.Equal(address.GetAddressBytes(), bytes);
    }
}
