// ParsingBenchmarks: CommandParser per command shape and CommandLineReader framing of a pipelined batch.
// Targets (perf/README.md): 0 B allocated everywhere; MAIL FROM with parameters under 100 ns.
using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Edge.Protocol.Parsing;

namespace Edge.Benchmarks;

[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private static readonly byte[] Ehlo = "EHLO mail.client.example.org"u8.ToArray();
    private static readonly byte[] MailPlain = "MAIL FROM:<sender@example.org>"u8.ToArray();
    private static readonly byte[] MailParameters = "MAIL FROM:<sender@example.org> SIZE=1048576 BODY=8BITMIME SMTPUTF8"u8.ToArray();
    private static readonly byte[] Rcpt = "RCPT TO:<recipient@example.net>"u8.ToArray();
    private static readonly byte[] RcptDsn = "RCPT TO:<recipient@example.net> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;recipient@example.net"u8.ToArray();
    private static readonly byte[] Data = "DATA"u8.ToArray();
    private static readonly byte[] Noop = "NOOP"u8.ToArray();

    private ReadOnlySequence<byte> _pipelined;

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 100; i++)
        {
            text.Append((i % 4) switch
            {
                0 => "MAIL FROM:<sender@example.org> SIZE=1048576 BODY=8BITMIME\r\n",
                1 => "RCPT TO:<recipient@example.net>\r\n",
                2 => "DATA\r\n",
                _ => "RSET\r\n",
            });
        }

        _pipelined = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text.ToString()));
    }

    [Benchmark]
    public CommandError ParseEhlo() => CommandParser.Parse(Ehlo, out _);

    [Benchmark]
    public CommandError ParseMailFrom() => CommandParser.Parse(MailPlain, out _);

    [Benchmark]
    public CommandError ParseMailFromWithParameters() => CommandParser.Parse(MailParameters, out _);

    [Benchmark]
    public CommandError ParseRcptTo() => CommandParser.Parse(Rcpt, out _);

    [Benchmark]
    public CommandError ParseRcptToWithDsn() => CommandParser.Parse(RcptDsn, out _);

    [Benchmark]
    public CommandError ParseData() => CommandParser.Parse(Data, out _);

    [Benchmark]
    public CommandError ParseNoop() => CommandParser.Parse(Noop, out _);

    [Benchmark]
    public int FramePipelined100Lines()
    {
        var framer = new CommandLineReader();
        var reader = new SequenceReader<byte>(_pipelined);
        int octets = 0;
        while (framer.TryRead(ref reader, out ReadOnlySequence<byte> line) == LineReadStatus.Line)
        {
            octets += (int)line.Length;
        }

        return octets;
    }
}
