// ProxyTarget: fuzzes ProxyHeaderParser (PROXY protocol v1 text and v2 binary) on the first bytes of a connection.
// Invariants: the same outcome however the bytes are split into segments; Complete consumes exactly the header
// (Length, never past the v1/v2 bounds) and anything else consumes nothing; the outcome is monotonic in what has
// arrived: every proper prefix of a header is Incomplete, a prefix found Invalid stays Invalid for the same reason,
// and what follows a header is never looked at; a v1 source address and port agree with .NET's own parsers.
using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Edge.Protocol.Proxy;

namespace Edge.Fuzz.Targets;

/// <summary>The <c>proxy</c> fuzz target.</summary>
public static class ProxyTarget
{
    /// <summary>Prefixes up to this length are all checked; beyond it, the split points of <see cref="FuzzInput.Cuts"/>.</summary>
    private const int AllPrefixesLimit = 256;

    /// <summary>Runs every check on <paramref name="input"/>; throws on a broken invariant.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        Outcome whole = Parse(new ReadOnlySequence<byte>(input.ToArray()));
        CheckShape(whole);
        int[] cuts = FuzzInput.Cuts(input);
        foreach (int cut in cuts)
        {
            FuzzInvariant.Equal(whole.ToString(), Parse(FuzzInput.Split(input, cut)).ToString(), $"PROXY header split at {cut}");
        }

        int length = input.Length;
        IEnumerable<int> prefixes = length <= AllPrefixesLimit ? Enumerable.Range(0, length) : cuts.Where(c => c < length);
        foreach (int end in prefixes)
        {
            Outcome prefix = Parse(new ReadOnlySequence<byte>(input[..end].ToArray()));
            CheckShape(prefix);
            string what = $"PROXY header prefix of {end} octets ({prefix}) against the whole input ({whole})";
            switch (whole.Status)
            {
                case ProxyParseStatus.Complete:
                    FuzzInvariant.That(end < whole.Consumed ? prefix.Status == ProxyParseStatus.Incomplete : prefix.ToString() == whole.ToString(), what);
                    break;
                case ProxyParseStatus.Incomplete:
                    FuzzInvariant.That(prefix.Status == ProxyParseStatus.Incomplete, what);
                    break;
                default:
                    FuzzInvariant.That(prefix.Status != ProxyParseStatus.Complete, what);
                    FuzzInvariant.That(prefix.Status != ProxyParseStatus.Invalid || prefix.Error == whole.Error, what);
                    break;
            }
        }

        if (whole.Status == ProxyParseStatus.Complete && whole.Header.Version == 1 && whole.Header.Source is { } source)
        {
            CheckV1Source(input[..(int)whole.Consumed], source);
        }
    }

    private static void CheckShape(Outcome outcome)
    {
        if (outcome.Status == ProxyParseStatus.Complete)
        {
            FuzzInvariant.Equal(ProxyHeaderError.None, outcome.Error, "Complete has no error");
            FuzzInvariant.Equal((long)outcome.Header.Length, outcome.Consumed, "Complete consumes Length octets");
            int bound = outcome.Header.Version == 1 ? ProxyHeaderParser.MaxV1Length : ProxyHeaderParser.MaxV2Length;
            FuzzInvariant.That(outcome.Header.Version is 1 or 2 && outcome.Consumed > 0 && outcome.Consumed <= bound, $"header shape {outcome}");
        }
        else
        {
            FuzzInvariant.Equal(0L, outcome.Consumed, $"{outcome.Status} consumes nothing");
            FuzzInvariant.That(outcome.Status == ProxyParseStatus.Invalid ? outcome.Error != ProxyHeaderError.None : outcome.Error == ProxyHeaderError.None, $"error matches status: {outcome}");
        }
    }

    // "PROXY TCPx src dst sport dport\r\n": what the parser made of src and sport matches IPAddress.Parse and int.Parse.
    private static void CheckV1Source(ReadOnlySpan<byte> header, IPEndPoint source)
    {
        string[] fields = Encoding.ASCII.GetString(header[..^2]).Split(' ');
        FuzzInvariant.That(fields.Length == 6, $"v1 header with a source has six fields: [{FuzzInvariant.Escape(header)}]");
        FuzzInvariant.That(IPAddress.TryParse(fields[2], out IPAddress? expected) && expected.Equals(source.Address), $"v1 source address [{fields[2]}] parsed as {source.Address}");
        FuzzInvariant.That(expected!.AddressFamily == (fields[1] == "TCP6" ? System.Net.Sockets.AddressFamily.InterNetworkV6 : System.Net.Sockets.AddressFamily.InterNetwork), $"v1 source family matches {fields[1]}");
        FuzzInvariant.That(int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port == source.Port, $"v1 source port [{fields[4]}] parsed as {source.Port}");
    }

    private static Outcome Parse(ReadOnlySequence<byte> sequence)
    {
        var reader = new SequenceReader<byte>(sequence);
        ProxyParseStatus status = ProxyHeaderParser.TryParse(ref reader, out ProxyHeader header, out ProxyHeaderError error);
        return new Outcome(status, error, header, reader.Consumed);
    }

    private sealed record Outcome(ProxyParseStatus Status, ProxyHeaderError Error, ProxyHeader Header, long Consumed)
    {
        public override string ToString() =>
            $"{Status} {Error} consumed={Consumed} v{Header.Version} {Header.Command} source={Header.Source} length={Header.Length}";
    }
}
