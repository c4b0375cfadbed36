// Allocation test: framing and parsing 10,000 mixed commands allocates nothing once warm (the hot-path rule of
// STYLE.md 6). The input is pre-built in 4 KiB segments so lines also straddle segment boundaries.
using System.Buffers;
using System.Text;
using Edge.Protocol.Parsing;

namespace Edge.Protocol.Tests.Parsing;

public class ParsingAllocationTests
{
    private static readonly string[] Commands =
    [
        "EHLO client.example.org",
        "MAIL FROM:<sender@example.org> SIZE=12345 BODY=8BITMIME SMTPUTF8",
        "MAIL FROM:<> RET=HDRS ENVID=QQ314159 AUTH=<>",
        "RCPT TO:<rcpt@example.net>",
        "RCPT TO:<@relay.example:user@[IPv6:2001:db8::1]> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;user@example.net",
        "RCPT TO:<Postmaster>",
        "NOOP",
        "RSET",
        "DATA",
        "BDAT 1000 LAST",
        "MAIL FROM:<bad path>",
    ];

    [Fact]
    public void FrameAndParse_TenThousandCommands_AllocatesNothing()
    {
        ReadOnlySequence<byte> input = BuildInput(10_000);
        byte[] scratch = new byte[SmtpLimits.MaxCommandLineLength];

        (int warmUpCount, _) = FrameAndParse(input, scratch);
        long before = GC.GetAllocatedBytesForCurrentThread();
        (int count, int wellFormed) = FrameAndParse(input, scratch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(10_000, warmUpCount);
        Assert.Equal(10_000, count);

        // Every command but the deliberately bad path (one in eleven) is well formed.
        Assert.Equal(10_000 - (10_000 / Commands.Length), wellFormed);
        Assert.Equal(0, allocated);
    }

    private static (int Count, int WellFormed) FrameAndParse(ReadOnlySequence<byte> input, byte[] scratch)
    {
        var framer = new CommandLineReader();
        var reader = new SequenceReader<byte>(input);
        int count = 0;
        int wellFormed = 0;
        while (framer.TryRead(ref reader, out ReadOnlySequence<byte> line) == LineReadStatus.Line)
        {
            ReadOnlySpan<byte> span;
            if (line.IsSingleSegment)
            {
                span = line.FirstSpan;
            }
            else
            {
                line.CopyTo(scratch);
                span = scratch.AsSpan(0, (int)line.Length);
            }

            if (CommandParser.Parse(span, out SmtpCommand command) == CommandError.None && command.Verb != SmtpVerb.Unknown)
            {
                wellFormed++;
            }

            count++;
        }

        return (count, wellFormed);
    }

    private static ReadOnlySequence<byte> BuildInput(int lines)
    {
        var text = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            text.Append(Commands[i % Commands.Length]).Append("\r\n");
        }

        byte[] data = Encoding.ASCII.GetBytes(text.ToString());
        var chunks = new List<byte[]>();
        for (int offset = 0; offset < data.Length; offset += 4096)
        {
            chunks.Add(data[offset..Math.Min(offset + 4096, data.Length)]);
        }

        return TestSegments.Create([.. chunks]);
    }
}
