// DomainSyntax tests: RFC 5321 4.1.2 domain structure (labels, hyphens, dots) with UTF-8 labels admitted.
using System.Text;
using Edge.Protocol.Addressing;

namespace Edge.Protocol.Tests.Addressing;

public class DomainSyntaxTests
{
    [Theory]
    [InlineData("example.com", true)]
    [InlineData("a", true)]
    [InlineData("x-1.b2.example", true)]
    [InlineData("bücher.example", true)]
    [InlineData("", false)]
    [InlineData(".example", false)]
    [InlineData("example.", false)]
    [InlineData("ex..ample", false)]
    [InlineData("-example.com", false)]
    [InlineData("example-.com", false)]
    [InlineData("ex_ample.com", false)]
    [InlineData("ex ample.com", false)]
    public void IsValid_Domain_MatchesRfc5321(string domain, bool valid) =>
        Assert.Equal(valid, DomainSyntax.IsValid(Encoding.UTF8.GetBytes(domain)));
}
