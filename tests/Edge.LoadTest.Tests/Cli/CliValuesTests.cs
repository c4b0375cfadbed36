// CliValuesTests: the command line's value syntaxes (sizes, rates, durations, endpoints), good and bad.
using System.Net;
using Edge.LoadTest.Cli;

namespace Edge.LoadTest.Tests.Cli;

public sealed class CliValuesTests
{
    [Theory]
    [InlineData("512", 512)]
    [InlineData("4k", 4096)]
    [InlineData("4K", 4096)]
    [InlineData("4kb", 4096)]
    [InlineData("1m", 1048576)]
    public void TryParseSize_Valid_Octets(string text, int expected)
    {
        Assert.True(CliValues.TryParseSize(text, out int size));
        Assert.Equal(expected, size);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4x")]
    [InlineData("9999999m")]
    public void TryParseSize_Invalid_False(string text) => Assert.False(CliValues.TryParseSize(text, out _));

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("500ms", 0.5)]
    [InlineData("10", 10)]
    [InlineData("00:01:30", 90)]
    public void TryParseDuration_Valid_Seconds(string text, double seconds)
    {
        Assert.True(CliValues.TryParseDuration(text, out var duration));
        Assert.Equal(seconds, duration.TotalSeconds, precision: 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5s")]
    [InlineData("soon")]
    public void TryParseDuration_Invalid_False(string text) => Assert.False(CliValues.TryParseDuration(text, out _));

    [Fact]
    public void TryParseRate_Unlimited_NullMeansClosedLoop()
    {
        Assert.True(CliValues.TryParseRate("unlimited", out var rate));
        Assert.Null(rate);
        Assert.True(CliValues.TryParseRate("250.5", out rate));
        Assert.Equal(250.5, rate);
        Assert.False(CliValues.TryParseRate("0", out _));
        Assert.False(CliValues.TryParseRate("fast", out _));
    }

    [Fact]
    public void TryParseEndPoint_AddressOrName_EndPointAndHost()
    {
        Assert.True(CliValues.TryParseEndPoint("127.0.0.1:2525", out var ip, out string ipHost));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2525), ip);
        Assert.Equal("127.0.0.1", ipHost);

        Assert.True(CliValues.TryParseEndPoint("mx.example.com:25", out var named, out string host));
        Assert.Equal(new DnsEndPoint("mx.example.com", 25), named);
        Assert.Equal("mx.example.com", host);

        Assert.False(CliValues.TryParseEndPoint("mx.example.com", out _, out _));
        Assert.False(CliValues.TryParseEndPoint("host:99999", out _, out _));
    }
}
