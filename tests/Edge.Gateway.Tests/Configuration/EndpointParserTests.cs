// EndpointParserTests: listen and backend endpoint syntax, including the strict refusals.
using System.Net;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Tests.Configuration;

public sealed class EndpointParserTests
{
    [Theory]
    [InlineData("127.0.0.1:2525", "127.0.0.1", 2525)]
    [InlineData("0.0.0.0:25", "0.0.0.0", 25)]
    [InlineData("[::1]:2525", "::1", 2525)]
    [InlineData("[::]:465", "::", 465)]
    [InlineData("[2001:db8::5]:25", "2001:db8::5", 25)]
    [InlineData("localhost:25", "127.0.0.1", 25)]
    [InlineData("LOCALHOST:25", "127.0.0.1", 25)]
    [InlineData("*:25", "0.0.0.0", 25)]
    [InlineData(" 10.0.0.5:587 ", "10.0.0.5", 587)]
    [InlineData("127.0.0.1:65535", "127.0.0.1", 65535)]
    [InlineData("127.0.0.1:0", "127.0.0.1", 0)]
    public void TryParse_ValidEndpoint_ReturnsAddressAndPort(string text, string address, int port)
    {
        Assert.True(EndpointParser.TryParse(text, out IPEndPoint? endpoint));
        Assert.Equal(IPAddress.Parse(address), endpoint.Address);
        Assert.Equal(port, endpoint.Port);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:")]
    [InlineData(":25")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:123456")]
    [InlineData("127.0.0.1:-1")]
    [InlineData("127.0.0.1:+25")]
    [InlineData("127.0.0.1:2 5")]
    [InlineData("::1:25")]
    [InlineData("[::1]")]
    [InlineData("[::1]25")]
    [InlineData("[]:25")]
    [InlineData("[127.0.0.1]:25")]
    [InlineData("127.1:25")]
    [InlineData("10:25")]
    [InlineData("010.0.0.1:25")]
    [InlineData("256.0.0.1:25")]
    [InlineData("mx.example.com:25")]
    public void TryParse_InvalidEndpoint_ReturnsFalse(string? text)
    {
        Assert.False(EndpointParser.TryParse(text, out IPEndPoint? endpoint));
        Assert.Null(endpoint);
    }

    [Theory]
    [InlineData("10.0.0.5:25", "10.0.0.5", 25)]
    [InlineData("[2001:db8::5]:2525", "2001:db8::5", 2525)]
    [InlineData("mta1.internal:25", "mta1.internal", 25)]
    [InlineData("localhost:2526", "localhost", 2526)]
    [InlineData("postfix:25", "postfix", 25)]
    public void TryParseHostPort_ValidBackend_ReturnsHostAndPort(string text, string host, int port)
    {
        Assert.True(EndpointParser.TryParseHostPort(text, out string parsedHost, out int parsedPort));
        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("mta1.internal")]
    [InlineData("*:25")]
    [InlineData("bad_host:25")]
    [InlineData("-bad.example:25")]
    [InlineData("127.1:25")]
    [InlineData("mta1.internal:99999")]
    [InlineData("::1:25")]
    public void TryParseHostPort_InvalidBackend_ReturnsFalse(string text)
    {
        Assert.False(EndpointParser.TryParseHostPort(text, out string host, out int port));
        Assert.Equal("", host);
        Assert.Equal(0, port);
    }
}
