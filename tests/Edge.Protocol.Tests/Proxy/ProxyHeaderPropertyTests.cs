// Properties of ProxyHeaderParser over random input (FsCheck), the fuzzing view: it never throws; it consumes
// exactly the header on Complete and nothing otherwise; a header's outcome depends only on its own declared
// octets (whatever follows is never looked at); every proper prefix of a header is Incomplete.
using System.Buffers.Binary;
using Edge.Protocol.Proxy;
using FsCheck.Xunit;
using static Edge.Protocol.Tests.Proxy.ProxyHeaders;

namespace Edge.Protocol.Tests.Proxy;

public class ProxyHeaderPropertyTests
{
    // v1 lines from an alphabet that makes valid-looking fields likely.
    private static readonly byte[] V1Alphabet = "TCP46UNKOW 0123456789abcdef:.\r\n"u8.ToArray();

    [Property(MaxTest = 1000)]
    public void TryParse_RandomBytes_NeverThrowsAndConsumesOnlyAHeader(byte[] input)
    {
        CheckConsumption(input ?? []);
    }

    [Property(MaxTest = 1000)]
    public void TryParse_RandomV1Line_NeverThrowsAndEndsAtTheFirstLineFeed(byte[] seed, byte[] suffix)
    {
        byte[] input = [.. "PROXY "u8, .. (seed ?? []).Select(b => V1Alphabet[b % V1Alphabet.Length]), .. suffix ?? []];

        Outcome outcome = CheckConsumption(input);

        if (outcome.Status == ProxyParseStatus.Complete)
        {
            int lf = Array.IndexOf(input, (byte)'\n');
            Assert.Equal(lf + 1, outcome.Consumed);
            Assert.True(outcome.Consumed <= ProxyHeaderParser.MaxV1Length);
        }
    }

    [Property(MaxTest = 1000)]
    public void TryParse_RandomV2Header_NeverReadsPastTheDeclaredLength(byte versionCommand, byte family, ushort declared, byte[] body, byte[] suffix)
    {
        // Mostly plausible version/command and family bytes, and a declared length near the body's real size.
        byte vc = (versionCommand & 0x80) == 0 ? (byte)(0x20 | (versionCommand & 0x01)) : versionCommand;
        byte fam = (family & 0x80) == 0 ? new byte[] { 0x00, 0x11, 0x21, 0x31 }[family & 0x03] : family;
        body ??= [];
        int length = (declared & 0x8000) == 0 ? Math.Max(0, body.Length - (declared % 8)) : declared % 5000;
        byte[] header = V2(0, fam, body, length);
        header[12] = vc;

        Outcome outcome = CheckConsumption([.. header, .. suffix ?? []]);

        if (outcome.Status == ProxyParseStatus.Complete)
        {
            Assert.Equal(16 + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(14)), outcome.Consumed);
        }
    }

    // Shared checks: no exception; Consumed is the header's length on Complete and 0 otherwise; a complete header
    // parses the same with its trailing bytes cut off or replaced, and each of its proper prefixes is Incomplete.
    private static Outcome CheckConsumption(byte[] input)
    {
        Outcome outcome = Parse(input);
        if (outcome.Status != ProxyParseStatus.Complete)
        {
            Assert.Equal(0, outcome.Consumed);
            Assert.Equal(outcome.Status == ProxyParseStatus.Invalid, outcome.Error != ProxyHeaderError.None);
            return outcome;
        }

        int length = outcome.Header.Length;
        Assert.Equal(length, outcome.Consumed);
        Assert.InRange(length, 1, input.Length);

        byte[] exact = input[..length];
        byte[] replaced = [.. exact, .. input[length..].Select(b => (byte)~b), 0x0A, 0x0D];
        foreach (byte[] variant in new[] { exact, replaced })
        {
            Outcome again = Parse(variant);
            Assert.Equal(ProxyParseStatus.Complete, again.Status);
            Assert.Equal(length, again.Consumed);
            Assert.Equal(outcome.Header.Source, again.Header.Source);
            Assert.Equal(outcome.Header.Command, again.Header.Command);
        }

        for (int cut = 0; cut < length; cut += Math.Max(1, length / 40))
        {
            Assert.Equal(ProxyParseStatus.Incomplete, Parse(exact[..cut]).Status);
        }

        return outcome;
    }
}
