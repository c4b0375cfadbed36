// ProxyHeaders: builds PROXY protocol v1 lines and v2 binary headers for the parser tests (the same wire
// forms a balancer sends), and runs the parser over a sequence split the way a pipe delivers it.
using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;
using Edge.Protocol.Proxy;
using Edge.Protocol.Tests.Parsing;

namespace Edge.Protocol.Tests.Proxy;

internal static class ProxyHeaders
{
    public static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static byte[] V1(string line) => Encoding.ASCII.GetBytes(line);

    /// <summary>A v2 header: version 2, the given command and family/transport byte, then <paramref name="body"/>.</summary>
    public static byte[] V2(byte command, byte familyTransport, byte[] body, int? declaredLength = null)
    {
        var header = new byte[16 + body.Length];
        Signature.CopyTo(header, 0);
        header[12] = (byte)(0x20 | command);
        header[13] = familyTransport;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)(declaredLength ?? body.Length));
        body.CopyTo(header, 16);
        return header;
    }

    /// <summary>The address block of a v2 PROXY header for TCP over IPv4 or IPv6, followed by <paramref name="tlvs"/>.</summary>
    public static byte[] V2Proxy(IPEndPoint source, IPEndPoint destination, params byte[][] tlvs)
    {
        var body = new List<byte>();
        body.AddRange(source.Address.GetAddressBytes());
        body.AddRange(destination.Address.GetAddressBytes());
        body.Add((byte)(source.Port >> 8));
        body.Add((byte)source.Port);
        body.Add((byte)(destination.Port >> 8));
        body.Add((byte)destination.Port);
        foreach (byte[] tlv in tlvs)
        {
            body.AddRange(tlv);
        }

        byte family = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? (byte)0x11 : (byte)0x21;
        return V2(1, family, [.. body]);
    }

    public static byte[] Tlv(byte type, int length)
    {
        var tlv = new byte[3 + length];
        tlv[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(tlv.AsSpan(1), (ushort)length);
        for (int i = 0; i < length; i++)
        {
            tlv[3 + i] = (byte)('a' + (i % 26));
        }

        return tlv;
    }

    public sealed record Outcome(ProxyParseStatus Status, ProxyHeaderError Error, ProxyHeader Header, long Consumed);

    public static Outcome Parse(ReadOnlySequence<byte> input)
    {
        var reader = new SequenceReader<byte>(input);
        ProxyParseStatus status = ProxyHeaderParser.TryParse(ref reader, out ProxyHeader header, out ProxyHeaderError error);
        return new Outcome(status, error, header, reader.Consumed);
    }

    public static Outcome Parse(byte[] input) => Parse(new ReadOnlySequence<byte>(input));

    /// <summary>Parses <paramref name="input"/> under every chunking and checks they all agree; returns the whole-buffer outcome.</summary>
    public static Outcome ParseEverySplit(byte[] input)
    {
        Outcome whole = Parse(input);
        foreach (byte[][] chunks in TestSegments.EverySplit(input))
        {
            Outcome split = Parse(TestSegments.Create(chunks));
            Assert.Equal(whole.Status, split.Status);
            Assert.Equal(whole.Error, split.Error);
            Assert.Equal(whole.Consumed, split.Consumed);
            Assert.Equal(whole.Header.Source, split.Header.Source);
        }

        return whole;
    }
}
