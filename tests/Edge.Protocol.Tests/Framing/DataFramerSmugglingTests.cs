// SMTP smuggling (2023): "." lines delimited by a bare CR or LF must never end DATA, must be reported, and with
// Normalize must reach the backend as a harmless, re-stuffed "." line. Each case hides a second transaction behind
// the shape, then ends with the real CRLF.CRLF; every case runs in every delivery shape (FramingSegments).
using System.Text;
using Edge.Protocol.Framing;
using static Edge.Protocol.Tests.Framing.FramingSegments;

namespace Edge.Protocol.Tests.Framing;

public class DataFramerSmugglingTests
{
    private const string Head = "From: a@example.com\r\nSubject: first\r\n\r\nhello";
    private const string Smuggled = "MAIL FROM:<admin@bank.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n";
    private const string Trailer = "QUIT\r\n";

    public static TheoryData<string, DataViolations> Shapes => new()
    {
        { "\n.\n", DataViolations.BareLf },
        { "\n.\r\n", DataViolations.BareLf },
        { "\r.\r\n", DataViolations.BareCr },
        { "\r\n.\n", DataViolations.BareLf },
        { "\r.\r", DataViolations.BareCr },
        { "\r\n.\r", DataViolations.BareCr },
        { "\n.\r", DataViolations.BareLf | DataViolations.BareCr },
        { "\r.\n", DataViolations.BareCr | DataViolations.BareLf },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Advance_SmugglingShapeRejectMode_NotAnEndFlaggedAndWrittenAsReceived(string shape, DataViolations bare)
    {
        byte[] input = Bytes(Head + shape + Smuggled + ".\r\n" + Trailer);

        DataOutcome outcome = FrameData(input, BareLineEndingHandling.Reject);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(input.Length - Trailer.Length, outcome.Consumed);
        Assert.Equal(DataViolations.SmugglingShape | bare, outcome.Violations);
        Assert.Equal(Head + shape + Smuggled, outcome.ContentText);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Advance_SmugglingShapeNormalizeMode_ContentCanonicalAndRestuffedForBackend(string shape, DataViolations bare)
    {
        byte[] input = Bytes(Head + shape + Smuggled + ".\r\n" + Trailer);

        DataOutcome outcome = FrameData(input, BareLineEndingHandling.Normalize);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(input.Length - Trailer.Length, outcome.Consumed);
        Assert.Equal(DataViolations.SmugglingShape | bare, outcome.Violations);
        Assert.Equal(Head + "\r\n.\r\n" + Smuggled, outcome.ContentText);

        // The backend sees one message: the "." line is stuffed, the only CRLF.CRLF is the final one.
        string relayed = Encoding.Latin1.GetString(Stuff(outcome.Content));
        Assert.Equal(Head + "\r\n..\r\n" + Smuggled + ".\r\n", relayed);
    }

    [Theory]
    [InlineData(".\n", DataViolations.BareLf)]
    [InlineData(".\rX\r\n", DataViolations.BareCr)]
    [InlineData("\n.\r\n", DataViolations.BareLf)]
    [InlineData("\r.\r\n", DataViolations.BareCr)]
    public void Advance_SmugglingShapeRightAfterDataCommand_NotAnEnd(string start, DataViolations bare)
    {
        byte[] input = Bytes(start + Smuggled + ".\r\n");

        DataOutcome outcome = FrameData(input, BareLineEndingHandling.Normalize);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(input.Length, outcome.Consumed);
        Assert.Equal(DataViolations.SmugglingShape | bare, outcome.Violations);
    }

    [Theory]
    [InlineData("a\nb\r\n", "a\r\nb\r\n", DataViolations.BareLf)]
    [InlineData("a\rb\r\n", "a\r\nb\r\n", DataViolations.BareCr)]
    [InlineData("a\r\r\n", "a\r\n\r\n", DataViolations.BareCr)]
    [InlineData("a\n\r\n", "a\r\n\r\n", DataViolations.BareLf)]
    [InlineData("a\n..b\r\n", "a\r\n.b\r\n", DataViolations.BareLf)]
    [InlineData("a\r\n\r", "a\r\n\r\n", DataViolations.BareCr)] // the bare CR is followed by the terminator's CRLF
    public void Advance_BareLineEndsNormalize_BecomeCrlf(string body, string expected, DataViolations violations)
    {
        // Terminator: the body's last line end, then ".\r\n" (for the last case, the CR is bare and CRLF "." CRLF follows).
        string input = body.EndsWith('\r') ? body + "\r\n.\r\n" : body + ".\r\n";
        string content = body.EndsWith('\r') ? expected + "\r\n" : expected;

        DataOutcome outcome = FrameData(Bytes(input), BareLineEndingHandling.Normalize);

        Assert.Equal(DataFramerStatus.EndOfData, outcome.Status);
        Assert.Equal(violations, outcome.Violations);
        Assert.Equal(content, outcome.ContentText);
    }

    [Theory]
    [InlineData("a\nb\r\n.\r\n", "a\nb\r\n", DataViolations.BareLf)]
    [InlineData("a\rb\r\n.\r\n", "a\rb\r\n", DataViolations.BareCr)]
    public void Advance_BareLineEndsReject_WrittenAsReceivedAndFlagged(string input, string expected, DataViolations violations)
    {
        DataOutcome outcome = FrameData(Bytes(input), BareLineEndingHandling.Reject);

        Assert.Equal(violations, outcome.Violations);
        Assert.Equal(expected, outcome.ContentText);
    }
}
