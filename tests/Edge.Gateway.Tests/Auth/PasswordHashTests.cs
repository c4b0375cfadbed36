using System.Text;
using Edge.Gateway.Auth;
using Konscious.Security.Cryptography;

namespace Edge.Gateway.Tests.Auth;

public class PasswordHashTests
{
    [Theory]
    [InlineData("$2a$")]
    [InlineData("$2b$")]
    [InlineData("$2y$")]
    public void Verify_Bcrypt_AllPrefixes(string prefix)
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("correct horse", 4);
        hash = prefix + hash[4..];
        Assert.True(PasswordHash.IsSupported(hash));
        Assert.True(PasswordHash.Verify(hash, "correct horse"));
        Assert.False(PasswordHash.Verify(hash, "correct horsf"));
    }

    [Fact]
    public void Verify_Argon2idPhc_MatchesAndRejects()
    {
        var salt = Encoding.ASCII.GetBytes("saltsaltsaltsalt");
        using var argon = new Argon2id(Encoding.UTF8.GetBytes("pässword")) { Salt = salt, MemorySize = 1024, Iterations = 2, DegreeOfParallelism = 1 };
        var digest = argon.GetBytes(32);
        var phc = $"$argon2id$v=19$m=1024,t=2,p=1${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(digest).TrimEnd('=')}";
        Assert.True(PasswordHash.IsSupported(phc));
        Assert.True(PasswordHash.Verify(phc, "pässword"));
        Assert.False(PasswordHash.Verify(phc, "password"));
    }

    [Theory]
    [InlineData("plaintext")]
    [InlineData("$1$md5crypt$abc")]
    [InlineData("$argon2i$v=19$m=1024,t=2,p=1$c2FsdA$aGFzaA")]
    [InlineData("$argon2id$v=19$m=0,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=1024,t=2$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")]
    public void IsSupported_OtherFormats_False(string hash)
    {
        Assert.False(PasswordHash.IsSupported(hash));
        Assert.False(PasswordHash.Verify(hash, "x"));
    }

    [Fact]
    public void PasswdCommand_PrintsEntryWithVerifiableHash()
    {
        var output = new StringWriter();
        var code = PasswdCommand.Run(["passwd", "alice@example.com"], new StringReader("s3cret\n"), output, new StringWriter());
        Assert.Equal(0, code);
        var entry = System.Text.Json.JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("alice@example.com", entry.GetProperty("Name").GetString());
        Assert.True(PasswordHash.Verify(entry.GetProperty("PasswordHash").GetString()!, "s3cret"));
    }

    [Fact]
    public void PasswdCommand_BadUsage_ExitCode2()
    {
        Assert.Equal(2, PasswdCommand.Run(["passwd"], new StringReader(""), new StringWriter(), new StringWriter()));
        Assert.Equal(1, PasswdCommand.Run(["passwd", "bob"], new StringReader("\n"), new StringWriter(), new StringWriter()));
    }
}
