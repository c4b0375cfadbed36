// PasswordHash: verifies the password hash formats operators migrate from (bcrypt as htpasswd/Dovecot write
// it, Argon2id PHC strings) and makes new bcrypt hashes for `edge passwd`. CPU-heavy by design: call off the I/O path.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Edge.Gateway.Auth;

/// <summary>Password hash verification and creation.</summary>
internal static class PasswordHash
{
    /// <summary>bcrypt work factor for new hashes (2^12 rounds, ~250 ms on a server core in 2026).</summary>
    public const int BcryptWorkFactor = 12;

    /// <summary>True when <paramref name="hash"/> is a format Edge can verify.</summary>
    public static bool IsSupported(string hash) =>
        hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal) ||
        hash.StartsWith("$2y$", StringComparison.Ordinal) || TryParseArgon2id(hash, out _);

    /// <summary>Checks <paramref name="password"/> against <paramref name="hash"/>; false for an unsupported hash.</summary>
    public static bool Verify(string hash, string password)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(password);
        if (hash.StartsWith("$2", StringComparison.Ordinal))
        {
            try
            {
                return BCrypt.Net.BCrypt.Verify(password, hash);
            }
            catch (BCrypt.Net.SaltParseException)
            {
                return false;
            }
        }

        if (TryParseArgon2id(hash, out var phc))
        {
            using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
            {
                Salt = phc.Salt,
                MemorySize = phc.MemoryKiB,
                Iterations = phc.Iterations,
                DegreeOfParallelism = phc.Parallelism,
            };
            var computed = argon.GetBytes(phc.Hash.Length);
            return CryptographicOperations.FixedTimeEquals(computed, phc.Hash);
        }

        return false;
    }

    /// <summary>A new bcrypt hash (<c>$2b$12$…</c>) for <paramref name="password"/>.</summary>
    public static string Create(string password) => BCrypt.Net.BCrypt.HashPassword(password, BcryptWorkFactor);

    private static bool TryParseArgon2id(string hash, out Argon2Phc phc)
    {
        // $argon2id$v=19$m=65536,t=3,p=4$<salt b64>$<hash b64>  (PHC string format, unpadded base64)
        phc = default;
        var parts = hash.Split('$');
        if (parts.Length != 6 || parts[0].Length != 0 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        int m = 0, t = 0, p = 0;
        foreach (var kv in parts[3].Split(','))
        {
            var pair = kv.Split('=');
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return false;
            }

            switch (pair[0])
            {
                case "m": m = value; break;
                case "t": t = value; break;
                case "p": p = value; break;
                default: return false;
            }
        }

        var salt = FromUnpaddedBase64(parts[4]);
        var digest = FromUnpaddedBase64(parts[5]);
        if (m == 0 || t == 0 || p == 0 || salt is null || digest is null || digest.Length < 16 || m > 4 * 1024 * 1024)
        {
            return false;
        }

        phc = new Argon2Phc(m, t, p, salt, digest);
        return true;
    }

    private static byte[]? FromUnpaddedBase64(string text)
    {
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private readonly record struct Argon2Phc(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash);
}
