// ProxyHeaderParser: the PROXY protocol header a load balancer puts before the client's bytes (HAProxy
// proxy-protocol.txt: v1 text, 2.1; v2 binary, 2.2). A pure function over the buffered input: it consumes
// exactly the header on Complete and nothing otherwise, never looks past the header's declared length, and
// allocates nothing but the resulting source endpoint. Whether the peer may send a header is the caller's call.
using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace Edge.Protocol.Proxy;

/// <summary>Parses PROXY protocol v1 and v2 headers. Never throws on input.</summary>
public static class ProxyHeaderParser
{
    /// <summary>proxy-protocol.txt 2.1: the longest v1 line, CRLF included.</summary>
    public const int MaxV1Length = 107;

    /// <summary>The fixed part of a v2 header: signature, version/command, family/transport, length.</summary>
    public const int V2FixedLength = 16;

    /// <summary>
    /// The longest v2 header accepted, TLVs included. The format allows 16 + 65535 octets; balancers send
    /// well under 1 KiB (addresses plus a few TLVs), so more is refused rather than buffered.
    /// </summary>
    public const int MaxV2Length = 4096;

    private const int V1PrefixLength = 6;
    private const int SignatureLength = 12;
    private const int IPv4BlockLength = 12; // src 4, dst 4, ports 2 + 2
    private const int IPv6BlockLength = 36; // src 16, dst 16, ports 2 + 2
    private const int UnixBlockLength = 216; // src 108, dst 108

    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    private static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>
    /// Parses the header at the reader's position. On <see cref="ProxyParseStatus.Complete"/> the reader is advanced
    /// past the header, exactly; otherwise it is left where it was.
    /// </summary>
    public static ProxyParseStatus TryParse(ref SequenceReader<byte> reader, out ProxyHeader header, out ProxyHeaderError error)
    {
        header = default;
        error = ProxyHeaderError.None;
        if (reader.End)
        {
            return ProxyParseStatus.Incomplete;
        }

        Span<byte> fixedPart = stackalloc byte[V2FixedLength];
        int available = (int)Math.Min(reader.Remaining, V2FixedLength);
        fixedPart = fixedPart[..available];
        reader.TryCopyTo(fixedPart);

        ReadOnlySpan<byte> prefix = fixedPart[0] == (byte)'P' ? V1Prefix : V2Signature;
        int compare = Math.Min(available, prefix.Length);
        if (!fixedPart[..compare].SequenceEqual(prefix[..compare]))
        {
            return Fail(ProxyHeaderError.NotProxyProtocol, out error);
        }

        if (available < prefix.Length)
        {
            return ProxyParseStatus.Incomplete;
        }

        return prefix.Length == V1PrefixLength
            ? ParseV1(ref reader, out header, out error)
            : ParseV2(ref reader, fixedPart, out header, out error);
    }

    // proxy-protocol.txt 2.1: "PROXY" SP ("TCP4" | "TCP6" | "UNKNOWN") [SP src SP dst SP sport SP dport] CRLF.
    private static ProxyParseStatus ParseV1(ref SequenceReader<byte> reader, out ProxyHeader header, out ProxyHeaderError error)
    {
        header = default;
        Span<byte> buffer = stackalloc byte[MaxV1Length];
        int available = (int)Math.Min(reader.Remaining, MaxV1Length);
        Span<byte> line = buffer[..available];
        reader.TryCopyTo(line);

        int lf = line.IndexOf((byte)'\n');
        if (lf < 0)
        {
            // SECURITY: the header is bounded; a peer that sends 107 octets without a line end is not a balancer.
            return available == MaxV1Length ? Fail(ProxyHeaderError.TooLong, out error) : Incomplete(out error);
        }

        if (line[lf - 1] != (byte)'\r')
        {
            return Fail(ProxyHeaderError.MalformedV1, out error);
        }

        ReadOnlySpan<byte> rest = line[V1PrefixLength..(lf - 1)];
        IPEndPoint? source = null;
        if (rest.StartsWith("UNKNOWN"u8) && (rest.Length == 7 || rest[7] == (byte)' '))
        {
            // 2.1: with UNKNOWN the rest of the line is to be ignored and the real endpoints used.
        }
        else if (rest.StartsWith("TCP4 "u8) || rest.StartsWith("TCP6 "u8))
        {
            if (!TryParseV1Addresses(rest[5..], ipv6: rest[3] == (byte)'6', out source))
            {
                return Fail(ProxyHeaderError.MalformedV1, out error);
            }
        }
        else
        {
            return Fail(ProxyHeaderError.MalformedV1, out error);
        }

        reader.Advance(lf + 1);
        header = new ProxyHeader(1, ProxyCommand.Proxy, source, lf + 1);
        error = ProxyHeaderError.None;
        return ProxyParseStatus.Complete;
    }

    // "src SP dst SP sport SP dport", single spaces, nothing after; both addresses of the announced family.
    private static bool TryParseV1Addresses(ReadOnlySpan<byte> fields, bool ipv6, out IPEndPoint? source)
    {
        source = null;
        Span<byte> sourceAddress = stackalloc byte[16];
        Span<byte> destinationAddress = stackalloc byte[16];
        int length = ipv6 ? 16 : 4;

        if (!TryTakeField(ref fields, out ReadOnlySpan<byte> src) || !TryParseAddress(src, ipv6, sourceAddress)
            || !TryTakeField(ref fields, out ReadOnlySpan<byte> dst) || !TryParseAddress(dst, ipv6, destinationAddress)
            || !TryTakeField(ref fields, out ReadOnlySpan<byte> sport) || !ProxyAddressText.TryParsePort(sport, out int sourcePort)
            || !ProxyAddressText.TryParsePort(fields, out _))
        {
            return false;
        }

        source = new IPEndPoint(new IPAddress(sourceAddress[..length]), sourcePort);
        return true;
    }

    private static bool TryTakeField(ref ReadOnlySpan<byte> fields, out ReadOnlySpan<byte> field)
    {
        int space = fields.IndexOf((byte)' ');
        if (space <= 0)
        {
            field = default;
            return false;
        }

        field = fields[..space];
        fields = fields[(space + 1)..];
        return true;
    }

    private static bool TryParseAddress(ReadOnlySpan<byte> text, bool ipv6, Span<byte> destination) =>
        ipv6 ? ProxyAddressText.TryParseIPv6(text, destination) : ProxyAddressText.TryParseIPv4(text, destination);

    // proxy-protocol.txt 2.2: signature(12) ver_cmd(1) fam(1) len(2, network order) then len octets of
    // addresses and TLVs.
    private static ProxyParseStatus ParseV2(ref SequenceReader<byte> reader, scoped ReadOnlySpan<byte> fixedPart, out ProxyHeader header, out ProxyHeaderError error)
    {
        header = default;
        if (fixedPart.Length < V2FixedLength)
        {
            return Incomplete(out error);
        }

        byte versionCommand = fixedPart[12];
        if (versionCommand >> 4 != 2)
        {
            return Fail(ProxyHeaderError.UnsupportedVersion, out error);
        }

        int command = versionCommand & 0x0F;
        if (command > 1)
        {
            return Fail(ProxyHeaderError.UnsupportedCommand, out error);
        }

        int declared = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..]);
        int total = V2FixedLength + declared;
        if (total > MaxV2Length)
        {
            return Fail(ProxyHeaderError.TooLong, out error); // SECURITY: refused before anything is buffered
        }

        if (reader.Remaining < total)
        {
            return Incomplete(out error);
        }

        IPEndPoint? source = null;
        if (command == (int)ProxyCommand.Proxy)
        {
            var body = new SequenceReader<byte>(reader.UnreadSequence.Slice(V2FixedLength, declared));
            ProxyHeaderError failure = ParseV2Body(ref body, fixedPart[13], out source);
            if (failure != ProxyHeaderError.None)
            {
                return Fail(failure, out error);
            }
        }

        // LOCAL (2.2): "the receiver must accept this connection as valid and must use the real connection
        // endpoints and discard the protocol block including the family which is ignored".
        reader.Advance(total);
        header = new ProxyHeader(2, (ProxyCommand)command, source, total);
        error = ProxyHeaderError.None;
        return ProxyParseStatus.Complete;
    }

    // The address block of a PROXY command, then the TLVs, which are walked (each must fit) and skipped.
    private static ProxyHeaderError ParseV2Body(ref SequenceReader<byte> body, byte familyTransport, out IPEndPoint? source)
    {
        source = null;
        int addressLength = familyTransport switch
        {
            0x00 => 0,               // UNSPEC: no address; keep the real endpoint
            0x11 => IPv4BlockLength, // TCP over IPv4
            0x21 => IPv6BlockLength, // TCP over IPv6
            0x31 => UnixBlockLength, // UNIX stream: no IP address to use
            _ => -1,                 // datagram transports and unknown families: not an SMTP connection
        };
        if (addressLength < 0)
        {
            return ProxyHeaderError.UnsupportedFamily;
        }

        if (body.Remaining < addressLength)
        {
            return ProxyHeaderError.AddressTooShort;
        }

        if (familyTransport is 0x11 or 0x21)
        {
            int size = familyTransport == 0x11 ? 4 : 16;
            Span<byte> address = stackalloc byte[16];
            address = address[..size];
            body.TryCopyTo(address);
            body.Advance(2 * size);
            body.TryReadBigEndian(out short port);
            source = new IPEndPoint(new IPAddress(address), (ushort)port);
            body.Advance(2);
        }
        else
        {
            body.Advance(addressLength);
        }

        while (!body.End)
        {
            // TLV: type(1) length(2, network order) value(length).
            if (body.Remaining < 3)
            {
                source = null;
                return ProxyHeaderError.MalformedTlv;
            }

            body.Advance(1);
            body.TryReadBigEndian(out short tlvLength);
            if ((ushort)tlvLength > body.Remaining)
            {
                source = null;
                return ProxyHeaderError.MalformedTlv;
            }

            body.Advance((ushort)tlvLength);
        }

        return ProxyHeaderError.None;
    }

    private static ProxyParseStatus Incomplete(out ProxyHeaderError error)
    {
        error = ProxyHeaderError.None;
        return ProxyParseStatus.Incomplete;
    }

    private static ProxyParseStatus Fail(ProxyHeaderError reason, out ProxyHeaderError error)
    {
        error = reason;
        return ProxyParseStatus.Invalid;
    }
}
