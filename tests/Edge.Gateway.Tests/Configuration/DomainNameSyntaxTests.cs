// DomainNameSyntaxTests: host names and accepted-domain patterns as configuration accepts them.
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Tests.Configuration;

public sealed class DomainNameSyntaxTests
{
    [Theory]
    [InlineData("localhost")]
    [InlineData("mx.example.com")]
    [InlineData("mx.example.com.")]
    [InlineData("xn--bcher-kva.example")]
    [InlineData("a-b.c1.example")]
    [InlineData("123.example")]
    public void IsValidHostname_ValidName_ReturnsTrue(string name) => Assert.True(DomainNameSyntax.IsValidHostname(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("bad_host.example")]
    [InlineData("-lead.example")]
    [InlineData("trail-.example")]
    [InlineData("double..dot")]
    [InlineData(".lead.example")]
    [InlineData("space here.example")]
    [InlineData("bücher.example")]
    [InlineData("*.example.com")]
    public void IsValidHostname_InvalidName_ReturnsFalse(string? name) => Assert.False(DomainNameSyntax.IsValidHostname(name));

    [Fact]
    public void IsValidHostname_LabelOf64_ReturnsFalse()
    {
        Assert.True(DomainNameSyntax.IsValidHostname(new string('a', 63) + ".example"));
        Assert.False(DomainNameSyntax.IsValidHostname(new string('a', 64) + ".example"));
    }

    [Fact]
    public void IsValidHostname_NameOver253_ReturnsFalse()
    {
        string label = new('a', 49);
        string name253 = string.Join('.', label, label, label, label, label) + ".abc"; // 5*50 + 3 = 253
        Assert.Equal(253, name253.Length);
        Assert.True(DomainNameSyntax.IsValidHostname(name253));
        Assert.False(DomainNameSyntax.IsValidHostname(name253 + "d"));
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("*.example.com", true)]
    [InlineData("*.", false)]
    [InlineData("*", false)]
    [InlineData("**.example.com", false)]
    [InlineData("a.*.example.com", false)]
    [InlineData("*example.com", false)]
    public void IsValidDomainPattern_Pattern_ReturnsExpected(string pattern, bool expected) =>
        Assert.Equal(expected, DomainNameSyntax.IsValidDomainPattern(pattern));
}
