// FuzzInvariant: how a fuzz target reports a broken invariant. Any exception fails a target (AFL++ records a crash,
// a unit test fails); this one names the invariant, so a crash file says what went wrong, not just where.
namespace Edge.Fuzz.Targets;

/// <summary>An invariant a fuzz target checks did not hold for its input.</summary>
public sealed class FuzzInvariantException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FuzzInvariantException()
    {
    }

    /// <summary>Creates the exception with a message naming the invariant.</summary>
    public FuzzInvariantException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public FuzzInvariantException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Assertions for fuzz targets (no test framework inside the AFL++ child process).</summary>
public static class FuzzInvariant
{
    /// <summary>Throws <see cref="FuzzInvariantException"/> with <paramref name="message"/> unless <paramref name="condition"/> holds.</summary>
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(message);
        }
    }

    /// <summary>Throws unless the two byte strings are equal; the message shows both, escaped.</summary>
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        if (!expected.SequenceEqual(actual))
        {
            throw new FuzzInvariantException($"{what}: expected [{Escape(expected)}] but got [{Escape(actual)}]");
        }
    }

    /// <summary>Throws unless the two byte arrays hold the same octets.</summary>
    public static void Equal(byte[] expected, byte[] actual, string what) => Equal(expected.AsSpan(), actual.AsSpan(), what);

    /// <summary>Throws unless the two values are equal.</summary>
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new FuzzInvariantException($"{what}: expected {expected} but got {actual}");
        }
    }

    /// <summary>Octets as printable text: CR, LF, NUL and other controls or 8-bit octets escaped.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new System.Text.StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            _ = b switch
            {
                (byte)'\r' => text.Append("\\r"),
                (byte)'\n' => text.Append("\\n"),
                (byte)'\\' => text.Append("\\\\"),
                >= 0x20 and < 0x7F => text.Append((char)b),
                _ => text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:x2}"),
            };
        }

        return text.ToString();
    }
}
