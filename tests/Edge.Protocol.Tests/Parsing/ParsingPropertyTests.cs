// Property tests: the line reader matches a naive reference framer and never retains more than its limit for any
// input and any chunking; generated valid MAIL FROM / RCPT TO commands round-trip their mailbox through Path.
using System.Text;
using Edge.Protocol.Parsing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Edge.Protocol.Tests.Parsing.ParseHelper;

namespace Edge.Protocol.Tests.Parsing;

public class ParsingPropertyTests
{
    private const string Atext = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~";
    private const string LabelChars = "abcdefghijklmnopqrstuvwxyz0123456789";

    [Property(MaxTest = 300)]
    public Property TryRead_RandomInputAnyChunking_MatchesReferenceAndStaysBounded() =>
        Prop.ForAll(FramingInputs().ToArbitrary(), input =>
        {
            var harness = new LineReaderHarness(input.Limit);
            foreach (byte[] chunk in input.Chunks)
            {
                harness.Feed(chunk);
            }

            return harness.MaxRetained <= input.Limit
                && harness.Results.SequenceEqual(ReferenceFrame(input.Chunks.SelectMany(c => c).ToArray(), input.Limit));
        });

    [Property]
    public void TryRead_ArbitraryBytes_RetainsAtMostLimit(byte[][] chunks)
    {
        var harness = new LineReaderHarness(64);
        foreach (byte[] chunk in chunks ?? [])
        {
            harness.Feed(chunk ?? []);
            Assert.True(harness.MaxRetained <= 64);
        }
    }

    [Property(MaxTest = 500)]
    public Property Parse_GeneratedValidMail_RoundTripsPath() =>
        Prop.ForAll(Mailboxes().ToArbitrary(), Gen.Choose(0, 3).ToArbitrary(), (mailbox, parameters) =>
        {
            string suffix = parameters switch
            {
                0 => "",
                1 => " SIZE=1024",
                2 => " BODY=8BITMIME SMTPUTF8",
                _ => " SIZE=1 ENVID=x+2By RET=FULL",
            };
            CommandError error = Parse("MAIL FROM:<" + mailbox + ">" + suffix, out SmtpCommand mail);
            bool mailOk = error == CommandError.None && Text(mail.Path) == mailbox && Text(mail.ParameterText) == suffix.Trim();
            error = Parse("RCPT TO: <" + mailbox + ">", out SmtpCommand rcpt);
            return mailOk && error == CommandError.None && Text(rcpt.Path) == mailbox;
        });

    // The mailbox shapes RFC 5321 4.1.2 allows: dot-atoms or quoted strings at domains or address literals.
    private static Gen<string> Mailboxes()
    {
        Gen<string> atom = Gen.Elements(Atext.ToCharArray()).ArrayOf().Where(a => a.Length is > 0 and <= 12).Select(a => new string(a));
        Gen<string> dotString = atom.ArrayOf().Where(a => a.Length is > 0 and <= 4).Select(a => string.Join('.', a));
        Gen<string> quoted = Gen.Elements("a b", "x\\\"y", "@odd>", "q\\\\").Select(q => "\"" + q + "\"");
        Gen<string> label = Gen.Elements(LabelChars.ToCharArray()).ArrayOf().Where(a => a.Length is > 0 and <= 10)
            .Select(a => new string(a))
            .SelectMany(l => Gen.Elements(true, false), (l, hyphen) => hyphen && l.Length > 1 ? l[0] + "-" + l[1..] : l);
        Gen<string> domain = label.ArrayOf().Where(a => a.Length is > 0 and <= 5).Select(a => string.Join('.', a));
        Gen<string> ipv4 = Gen.Choose(0, 255).ArrayOf(4).Select(a => "[" + string.Join('.', a) + "]");
        Gen<string> ipv6 = Gen.Choose(0, 0xFFFF).ArrayOf(3).Select(a => $"[IPv6:{a[0]:x}:{a[1]:x}::{a[2]:x}]");
        Gen<string> local = Gen.Frequency((5, dotString), (1, quoted));
        Gen<string> host = Gen.Frequency((6, domain), (1, ipv4), (1, ipv6));
        return local.SelectMany(_ => host, (l, h) => l + "@" + h);
    }

    // Lines biased towards CR and LF, lengths around the limit, cut into random chunks.
    private static Gen<FramingInput> FramingInputs()
    {
        Gen<byte> octet = Gen.Frequency(
            (6, Gen.Elements((byte)'a', (byte)'b', (byte)' ', (byte)0, (byte)0xFF)),
            (1, Gen.Constant((byte)'\r')),
            (1, Gen.Constant((byte)'\n')));
        Gen<byte[]> run = octet.ArrayOf().SelectMany(_ => Gen.Choose(1, 120), (bytes, repeat) =>
            repeat > 60 ? Enumerable.Repeat(bytes, repeat / 10).SelectMany(b => b).ToArray() : bytes);
        return run.ArrayOf()
            .Select(runs => runs.SelectMany(r => r).ToArray())
            .SelectMany(_ => Gen.Choose(64, 128), (data, limit) => (data, limit))
            .SelectMany(_ => Gen.Choose(1, 200).ArrayOf(), (t, cuts) => new FramingInput(t.limit, Cut(t.data, cuts)));
    }

    private static byte[][] Cut(byte[] data, int[] sizes)
    {
        var chunks = new List<byte[]>();
        int offset = 0;
        for (int i = 0; offset < data.Length; i++)
        {
            int size = Math.Min(sizes.Length == 0 ? data.Length : sizes[i % sizes.Length], data.Length - offset);
            chunks.Add(data[offset..(offset + size)]);
            offset += size;
        }

        return [.. chunks];
    }

    // Reference: split the whole input at CRLF; a line (or an unterminated tail) of limit octets or more
    // without its CRLF fitting is reported once as too long.
    private static List<string> ReferenceFrame(byte[] data, int limit)
    {
        var results = new List<string>();
        int start = 0;
        for (int i = 0; i + 1 < data.Length; i++)
        {
            if (data[i] == (byte)'\r' && data[i + 1] == (byte)'\n')
            {
                int length = i - start;
                results.Add(length + 2 <= limit ? "LINE:" + Encoding.Latin1.GetString(data, start, length) : "TOO-LONG");
                start = i + 2;
                i++;
            }
        }

        if (data.Length - start >= limit)
        {
            results.Add("TOO-LONG");
        }

        return results;
    }

    public sealed record FramingInput(int Limit, byte[][] Chunks)
    {
        public override string ToString() => $"limit {Limit}, chunks [{string.Join(",", Chunks.Select(c => c.Length))}]";
    }
}
