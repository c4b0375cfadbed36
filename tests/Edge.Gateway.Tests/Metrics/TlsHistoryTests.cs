// TlsHistory and LruTimeTable: windowing, LRU bound, case-insensitive HELO names, size 0 disables.
using System.Net;
using Edge.Gateway.Metrics;

namespace Edge.Gateway.Tests.Metrics;

public sealed class TlsHistoryTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("192.0.2.2");
    private static readonly IPAddress C = IPAddress.Parse("192.0.2.3");

    [Fact]
    public void AddressUsedTls_WithinWindow_TrueAndAfterWindow_False()
    {
        var time = new ManualTime();
        var history = new TlsHistory(10, TimeSpan.FromDays(7), time);
        history.RecordTls(A);
        time.Advance(TimeSpan.FromDays(6));
        Assert.True(history.AddressUsedTls(A));
        Assert.False(history.AddressUsedTls(B));
        time.Advance(TimeSpan.FromDays(2));
        Assert.False(history.AddressUsedTls(A));
    }

    [Fact]
    public void RecordFailure_IsSeparateFromTlsUse()
    {
        var history = new TlsHistory(10, TimeSpan.FromDays(7), new ManualTime());
        history.RecordFailure(A);
        Assert.True(history.AddressFailedHandshake(A));
        Assert.False(history.AddressUsedTls(A));
        history.RecordTls(A);
        Assert.True(history.AddressUsedTls(A));
        Assert.True(history.AddressFailedHandshake(A));
        Assert.Equal(1, history.AddressCount);
    }

    [Fact]
    public void HeloUsedTls_IgnoresCase()
    {
        var history = new TlsHistory(10, TimeSpan.FromDays(7), new ManualTime());
        history.RecordTls("MX.Example.COM");
        Assert.True(history.HeloUsedTls("mx.example.com"));
        Assert.False(history.HeloUsedTls("other.example.com"));
    }

    [Fact]
    public void Touch_WhenFull_EvictsLeastRecentlyTouched()
    {
        var history = new TlsHistory(2, TimeSpan.FromDays(7), new ManualTime());
        history.RecordTls(A);
        history.RecordTls(B);
        history.RecordTls(A); // A is now the most recent
        history.RecordTls(C); // evicts B
        Assert.Equal(2, history.AddressCount);
        Assert.True(history.AddressUsedTls(A));
        Assert.False(history.AddressUsedTls(B));
        Assert.True(history.AddressUsedTls(C));
    }

    [Fact]
    public void SizeZero_RemembersNothing()
    {
        var history = new TlsHistory(0, TimeSpan.FromDays(7), new ManualTime());
        history.RecordTls(A);
        history.RecordTls("mx.example.com");
        Assert.False(history.AddressUsedTls(A));
        Assert.False(history.HeloUsedTls("mx.example.com"));
        Assert.Equal(0, history.AddressCount);
    }

    [Fact]
    public void Constructor_NonPositiveWindow_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TlsHistory(10, TimeSpan.Zero, new ManualTime()));

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
