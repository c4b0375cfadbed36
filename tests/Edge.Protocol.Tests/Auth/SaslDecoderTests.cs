using System.Text;
using Edge.Protocol.Auth;

namespace Edge.Protocol.Tests.Auth;

public class SaslDecoderTests
{
    private static byte[] B64(string s) => Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(s)));

    [Theory]
    [InlineData("\0alice\0secret", "alice", "secret")]
    [InlineData("alice\0alice\0secret", "alice", "secret")]
    [InlineData("\0alice@example.com\0pä ss", "alice@example.com", "pä ss")]
    public void TrySplitPlain_Valid_Splits(string message, string user, string pass)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        Assert.True(SaslDecoder.TrySplitPlain(bytes, out var authcid, out var password));
        Assert.Equal(user, Encoding.UTF8.GetString(bytes.AsSpan(authcid)));
        Assert.Equal(pass, Encoding.UTF8.GetString(bytes.AsSpan(password)));
    }

    [Theory]
    [InlineData("alice\0secret")]
    [InlineData("\0\0secret")]
    [InlineData("\0alice\0")]
    [InlineData("\0alice\0sec\0ret")]
    [InlineData("bob\0alice\0secret")]
    [InlineData("")]
    public void TrySplitPlain_Invalid_False(string message)
    {
        Assert.False(SaslDecoder.TrySplitPlain(Encoding.UTF8.GetBytes(message), out _, out _));
    }

    [Fact]
    public void TryDecodeBase64_RoundTripsAndRejectsJunk()
    {
        var buffer = new byte[64];
        Assert.True(SaslDecoder.TryDecodeBase64(B64("hello"), buffer, out var n));
        Assert.Equal("hello", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.True(SaslDecoder.TryDecodeBase64("="u8, buffer, out n));
        Assert.Equal(0, n);
        Assert.False(SaslDecoder.TryDecodeBase64("abc"u8, buffer, out _));
        Assert.False(SaslDecoder.TryDecodeBase64("ab!="u8, buffer, out _));
        Assert.False(SaslDecoder.TryDecodeBase64(""u8, buffer, out _));
        Assert.False(SaslDecoder.TryDecodeBase64(B64(new string('x', 100)), buffer, out _));
    }

    [Fact]
    public void IsCancel_OnlyStar()
    {
        Assert.True(SaslDecoder.IsCancel("*"u8));
        Assert.False(SaslDecoder.IsCancel("**"u8));
        Assert.False(SaslDecoder.IsCancel(""u8));
    }
}
