// AddressLiteral tests: RFC 5321 4.1.3 IPv4, IPv6 (full, compressed, IPv4-suffixed) and general literals.
using System.Text;
using Edge.Protocol.Addressing;

namespace Edge.Protocol.Tests.Addressing;

public class AddressLiteralTests
{
    [Theory]
    [InlineData("[192.0.2.1]", true)]
    [InlineData("[0.0.0.0]", true)]
    [InlineData("[256.0.0.1]", false)]
    [InlineData("[1.2.3]", false)]
    [InlineData("[1.2.3.4.]", false)]
    [InlineData("[IPv6:2001:db8::1]", true)]
    [InlineData("[ipv6:2001:DB8::1]", true)]
    [InlineData("[IPv6:::]", true)]
    [InlineData("[IPv6:1:2:3:4:5:6:7:8]", true)]
    [InlineData("[IPv6:1:2:3:4:5:6::]", true)]
    [InlineData("[IPv6:1:2:3:4:5:6:7::]", false)]
    [InlineData("[IPv6:1:2:3:4:5:6:7]", false)]
    [InlineData("[IPv6:::ffff:192.0.2.1]", true)]
    [InlineData("[IPv6:1:2:3:4:5:6:1.2.3.4]", true)]
    [InlineData("[IPv6:1:2:3:4:5::1.2.3.4]", false)]
    [InlineData("[IPv6:1::2::3]", false)]
    [InlineData("[IPv6:1:]", false)]
    [InlineData("[IPv6:]", false)]
    [InlineData("[x-tag:any-content]", true)]
    [InlineData("[x-tag-:content]", false)]
    [InlineData("[tag:a[b]", false)]
    [InlineData("[]", false)]
    [InlineData("192.0.2.1", false)]
    public void IsValid_Literal_MatchesRfc5321(string literal, bool valid) =>
        Assert.Equal(valid, AddressLiteral.IsValid(Encoding.ASCII.GetBytes(literal)));
}
