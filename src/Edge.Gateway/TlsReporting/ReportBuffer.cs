// ReportBuffer: a growable byte buffer from ArrayPool with a hard limit, for request bodies, inflated reports and
// message copies. Appending past the limit fails (and keeps nothing more) instead of growing: memory per report is
// bounded by configuration. Owned by one party at a time; Dispose returns the array.
namespace Edge.Gateway.TlsReporting;

/// <summary>A bounded pooled buffer. Not thread-safe.</summary>
internal sealed class ReportBuffer : IDisposable
{
    private const int FirstSize = 16 * 1024;
    private byte[] _array = [];

    public ReportBuffer(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    /// <summary>Most octets this buffer takes.</summary>
    public int Limit { get; }

    /// <summary>Octets held.</summary>
    public int Length { get; private set; }

    /// <summary>An append went past <see cref="Limit"/>; the content is incomplete.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The octets held.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>The octets held.</summary>
    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Appends <paramref name="data"/>; false (and <see cref="Overflowed"/>) when it would pass the limit.</summary>
    public bool Append(ReadOnlySpan<byte> data)
    {
        if (Overflowed)
        {
            return false;
        }

        if (data.Length > Limit - Length)
        {
            Overflowed = true;
            return false;
        }

        data.CopyTo(GetSpan(data.Length));
        Length += data.Length;
        return true;
    }

    /// <summary>Free space to read into (then <see cref="Advance"/>): at least one octet, and never more than one past the limit.</summary>
    public Memory<byte> GetFreeMemory()
    {
        if (_array.Length == Length)
        {
            GetSpan(1);
        }

        // One octet past the limit may be read, so that a source longer than the limit shows as an overflow.
        var free = Math.Min(_array.Length - Length, Limit + 1 - Length);
        return _array.AsMemory(Length, free);
    }

    /// <summary>Counts <paramref name="count"/> octets read into <see cref="GetFreeMemory"/>; past the limit it overflows.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (Length + count > Limit)
        {
            Overflowed = true;
            Length = Limit;
            return;
        }

        Length += count;
    }

    public void Dispose()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
        }

        Length = 0;
    }

    private Span<byte> GetSpan(int size)
    {
        if (_array.Length - Length < size)
        {
            // Doubling, capped at the limit (+1 so a reader can still show it overflowed).
            var capacity = Math.Max(FirstSize, Math.Max(_array.Length * 2, Length + size));
            capacity = (int)Math.Min(capacity, (long)Limit + 1);
            var bigger = ArrayPool<byte>.Shared.Rent(capacity);
            _array.AsSpan(0, Length).CopyTo(bigger);
            if (_array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }

            _array = bigger;
        }

        return _array.AsSpan(Length, size);
    }
}
