// The fuzz targets on random inputs (FsCheck): the same invariants AFL++ checks (split-invariance, reference models,
// round trips, canonical output), on inputs built from tokens each parser cares about, so every CI run explores a
// little of what a fuzzing run does. A failing case prints the input; add it to fuzz/regressions/TARGET.
using System.Buffers.Binary;
using System.Text;
using Edge.Fuzz.Targets;
using FsCheck.Xunit;

namespace Edge.Protocol.Tests.Fuzz;

public class FuzzTargetPropertyTests
{
    private static readonly byte[][] CommandTokens = Tokens(
        "MAIL FROM:", "RCPT TO:", "mail from:", "BDAT ", "AUTH ", "EHLO ", "HELO ", "DATA", "STARTTLS", "NOOP", "VRFY ", "QUIT",
        "<", ">", "@", ".", ":", ",", "\"", "\\", "[", "]", "IPv6:", "tag:", " ", " ", "=", "+", "-",
        "SIZE=", "BODY=8BITMIME", "BODY=BINARYMIME", "SMTPUTF8", "REQUIRETLS", "NOTIFY=", "SUCCESS", "NEVER", "ORCPT=rfc822;",
        "RET=FULL", "ENVID=", "AUTH=", "LAST", "PLAIN", "0", "1", "9", "99999999999999999999", "a", "Z", "example.com",
        "\u00e9", "\r\n", "\r\n", "\r", "\n", "\0", new string('x', 70));

    private static readonly byte[][] DataTokens = Tokens("\r\n", "\r\n", "\r", "\n", ".", ".", "a", "b ", "\0", "\r\n.\r\n", "..", "\r\n.", new string('y', 999));

    private static readonly byte[][] ProxyV1Tokens = Tokens(
        "TCP4 ", "TCP6 ", "UNKNOWN", " ", " ", "1", "9", "0", "255", "256", "65535", "65536", "192.0.2.1", "2001:db8::1", "::ffff:1.2.3.4",
        ".", ":", "::", "ffff", "%eth0", "\r\n", "\r\n", "\n", "\r", "x");

    [Property(MaxTest = 300)]
    public void Command_TokenStream_HoldsEveryInvariant(byte[] seed)
    {
        CommandTarget.Run(Join(seed, CommandTokens));
    }

    [Property(MaxTest = 300)]
    public void Command_ArbitraryBytes_HoldsEveryInvariant(byte[] input)
    {
        CommandTarget.Run(input ?? []);
    }

    [Property(MaxTest = 300)]
    public void Data_TokenStream_HoldsEveryInvariant(byte[] seed)
    {
        DataTarget.Run(Join(seed, DataTokens));
    }

    [Property(MaxTest = 300)]
    public void Bdat_ChunkedTokenStream_HoldsEveryInvariant(byte control, byte[] sizes, byte[] seed)
    {
        // Chunk sizes kept near the stream's length so chunks end inside it as often as past it.
        byte[] stream = Join(seed, DataTokens);
        int chunks = (control & 3) + 1;
        byte[] announced = Enumerable.Range(0, chunks).Select(i => (byte)((sizes ?? []).ElementAtOrDefault(i) % (stream.Length / chunks + 3))).ToArray();
        BdatTarget.Run([control, .. announced, .. stream]);
    }

    [Property(MaxTest = 300)]
    public void Proxy_V1Line_HoldsEveryInvariant(byte[] seed, byte[] suffix)
    {
        ProxyTarget.Run([.. "PROXY "u8, .. Join(seed, ProxyV1Tokens), .. suffix ?? []]);
    }

    [Property(MaxTest = 300)]
    public void Proxy_V2Header_HoldsEveryInvariant(byte versionCommand, byte family, byte slack, byte[] body)
    {
        // Mostly version 2 and known families; the declared length near the body's real length.
        body ??= [];
        byte[] header = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0, 0, 0, 0];
        header[12] = (versionCommand & 0x80) == 0 ? (byte)(0x20 | (versionCommand & 1)) : versionCommand;
        header[13] = (family & 0x80) == 0 ? new byte[] { 0x11, 0x12, 0x21, 0x22, 0x31, 0x00 }[family % 6] : family;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)Math.Max(0, body.Length + (slack % 9) - 4));
        ProxyTarget.Run([.. header, .. body]);
    }

    [Property(MaxTest = 300)]
    public void Proxy_ArbitraryBytes_HoldsEveryInvariant(byte[] input)
    {
        ProxyTarget.Run(input ?? []);
    }

    private static byte[][] Tokens(params string[] tokens) => tokens.Select(Encoding.UTF8.GetBytes).ToArray();

    private static byte[] Join(byte[]? seed, byte[][] tokens) => (seed ?? []).SelectMany(b => tokens[b % tokens.Length]).ToArray();
}
