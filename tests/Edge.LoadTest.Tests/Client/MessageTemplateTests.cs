// MessageTemplateTests: the generated message: its size, no line needing dot-stuffing, and the hash header matching
// the SHA-256 of the body after every stamp.
using System.Security.Cryptography;
using System.Text;
using Edge.LoadTest.Client;

namespace Edge.LoadTest.Tests.Client;

public sealed class MessageTemplateTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public void Create_Size_MessageIsThatSizePlusTerminator(int size)
    {
        var template = MessageTemplate.Create(size, "a@x", "b@localhost", withHash: true);

        Assert.InRange(template.Length - 3, size - 1, size);
        var text = Encoding.ASCII.GetString(template.NewBuffer());
        Assert.EndsWith("\r\n.\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Body_NoLineStartsWithDotAndEveryLineEndsWithCrLf()
    {
        var template = MessageTemplate.Create(20_000, "a@x", "b@localhost", withHash: true);
        var text = Encoding.ASCII.GetString(template.NewBuffer());
        var lines = text[..^3].Split("\r\n");

        Assert.DoesNotContain(lines, l => l.StartsWith('.'));
        Assert.DoesNotContain(lines, l => l.Contains('\r', StringComparison.Ordinal) || l.Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void Stamp_TwoSequences_HeaderHoldsSha256OfEachBody()
    {
        var template = MessageTemplate.Create(4096, "a@x", "b@localhost", withHash: true);
        var buffer = template.NewBuffer();

        template.Stamp(buffer, 41);
        string first = HashHeader(buffer);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(template.Body(buffer))), first);
        Assert.Contains("seq 0000000000000041", Encoding.ASCII.GetString(buffer), StringComparison.Ordinal);

        template.Stamp(buffer, 42);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(template.Body(buffer))), HashHeader(buffer));
        Assert.NotEqual(first, HashHeader(buffer));
    }

    [Fact]
    public void Create_WithoutHash_NoHashHeader()
    {
        var template = MessageTemplate.Create(1024, "a@x", "b@localhost", withHash: false);

        Assert.False(template.HasHash);
        Assert.DoesNotContain(MessageTemplate.HashHeaderName, Encoding.ASCII.GetString(template.NewBuffer()), StringComparison.Ordinal);
    }

    private static string HashHeader(byte[] buffer)
    {
        var text = Encoding.ASCII.GetString(buffer);
        int at = text.IndexOf(MessageTemplate.HashHeaderName + ": ", StringComparison.Ordinal);
        return text.Substring(at + MessageTemplate.HashHeaderName.Length + 2, 64);
    }
}
