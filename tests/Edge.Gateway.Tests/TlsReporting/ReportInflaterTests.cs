// ReportInflater and ReportBuffer: gzip inflates within the limit; a bomb stops one octet past it (never more
// memory than the limit); non-gzip and corrupt streams are bad_gzip, a truncated one yields cut (malformed) JSON.
using Edge.Gateway.TlsReporting;

namespace Edge.Gateway.Tests.TlsReporting;

public sealed class ReportInflaterTests
{
    [Fact]
    public void Inflate_RfcExample_RoundTrips()
    {
        var json = TlsReports.Json(TlsReports.Rfc8460Example);
        using var output = new ReportBuffer(8 * 1024 * 1024);
        Assert.Equal(InflateResult.Ok, ReportInflater.Inflate(TlsReports.Gzip(json), output));
        Assert.Equal(json, output.Span.ToArray());
    }

    [Fact]
    public void Inflate_ExactlyTheLimit_IsOk_OneMore_IsBomb()
    {
        using (var exact = new ReportBuffer(100_000))
        {
            Assert.Equal(InflateResult.Ok, ReportInflater.Inflate(TlsReports.Bomb(100_000), exact));
            Assert.Equal(100_000, exact.Length);
        }

        using var over = new ReportBuffer(100_000);
        Assert.Equal(InflateResult.Bomb, ReportInflater.Inflate(TlsReports.Bomb(100_001), over));
        Assert.True(over.Overflowed);
        Assert.Equal(100_000, over.Length);
    }

    [Fact]
    public void Inflate_ThirtyTwoMegabyteBomb_StopsAtTheLimit()
    {
        var bomb = TlsReports.Bomb(32 * 1024 * 1024);
        Assert.True(bomb.Length < 64 * 1024, $"the bomb is {bomb.Length} octets compressed");
        using var output = new ReportBuffer(8 * 1024 * 1024);
        Assert.Equal(InflateResult.Bomb, ReportInflater.Inflate(bomb, output));
    }

    [Fact]
    public void Inflate_NotGzip_Corrupt_AreBadGzip_TruncatedIsCutJson()
    {
        var gzip = TlsReports.Gzip(TlsReports.Json(TlsReports.Rfc8460Example));
        var corrupt = (byte[])gzip.Clone();
        for (var i = 12; i < corrupt.Length - 8; i++)
        {
            corrupt[i] ^= 0x5a;
        }

        using var a = new ReportBuffer(1 << 20);
        using var b = new ReportBuffer(1 << 20);
        using var c = new ReportBuffer(1 << 20);
        Assert.Equal(InflateResult.BadGzip, ReportInflater.Inflate(TlsReports.Json(TlsReports.Rfc8460Example), a));
        Assert.Equal(InflateResult.BadGzip, ReportInflater.Inflate(corrupt, b));
        // .NET's inflater ends quietly at a cut: the JSON is cut too, and the parser refuses it.
        var cut = ReportInflater.Inflate(gzip.AsMemory(0, gzip.Length / 2), c);
        Assert.True(cut == InflateResult.BadGzip || TlsReportParser.Parse(c.Span).Rejection == TlsReportRejection.MalformedJson);
    }

    [Fact]
    public void ReportBuffer_AppendPastLimit_KeepsWhatFitsAndRemembers()
    {
        using var buffer = new ReportBuffer(5);
        Assert.True(buffer.Append("abc"u8));
        Assert.False(buffer.Append("def"u8));
        Assert.True(buffer.Overflowed);
        Assert.False(buffer.Append("g"u8));
        Assert.Equal("abc"u8.ToArray(), buffer.Span.ToArray());
    }
}
