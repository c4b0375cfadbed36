// DeliveredFile: a delivered .eml split into Edge's Received header (first line "Received: from ", then its
// folded continuation lines) and the content after it, which must be the client's message byte for byte.
using System.Text;

namespace Edge.Gateway.Tests.Support;

internal sealed class DeliveredFile
{
    private DeliveredFile(string path, byte[] received, byte[] content)
    {
        Path = path;
        Received = received;
        Content = content;
    }

    public string Path { get; }

    /// <summary>The Received header including its final CRLF.</summary>
    public byte[] Received { get; }

    public string ReceivedText => Encoding.UTF8.GetString(Received);

    /// <summary>Everything after the Received header.</summary>
    public byte[] Content { get; }

    public static DeliveredFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var length = ReceivedLength(bytes);
        return new DeliveredFile(path, bytes[..length], bytes[length..]);
    }

    /// <summary>Length of the leading Received header: asserts its shape (CRLF line ends, folded lines start with WSP).</summary>
    public static int ReceivedLength(ReadOnlySpan<byte> file)
    {
        Assert.True(file.StartsWith("Received: from "u8), "The file does not start with Edge's Received header.");
        var pos = 0;
        while (true)
        {
            var lf = file[pos..].IndexOf((byte)'\n');
            Assert.True(lf > 0, "The Received header is not CRLF-terminated.");
            Assert.Equal((byte)'\r', file[pos + lf - 1]);
            pos += lf + 1;
            if (pos >= file.Length || (file[pos] != (byte)' ' && file[pos] != (byte)'\t'))
            {
                return pos;
            }
        }
    }

    /// <summary>Asserts the file is a Received header followed by exactly <paramref name="expected"/>.</summary>
    public static DeliveredFile AssertExact(string path, ReadOnlySpan<byte> expected)
    {
        var file = Read(path);
        AssertBytesEqual(expected, file.Content);
        return file;
    }

    /// <summary>Byte comparison that reports the first difference rather than dumping megabytes.</summary>
    public static void AssertBytesEqual(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        var common = expected.CommonPrefixLength(actual);
        if (common == expected.Length && common == actual.Length)
        {
            return;
        }

        static string Around(ReadOnlySpan<byte> b, int at)
        {
            var from = Math.Max(0, at - 40);
            var to = Math.Min(b.Length, at + 40);
            return Encoding.UTF8.GetString(b[from..to]).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        }

        Assert.Fail($"Content differs at octet {common} (expected {expected.Length} octets, got {actual.Length}).\nexpected: …{Around(expected, common)}…\nactual:   …{Around(actual, common)}…");
    }
}
