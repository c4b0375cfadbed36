// DataTarget: fuzzes DataFramer and DotStuffer. The input is what a client sends after DATA's CRLF.
// Invariants: the same outcome however the input is split into calls and segments; DATA ends exactly after the first
// <CR><LF>.<CR><LF> (counting the DATA command's CRLF) and never elsewhere; Normalize yields canonical content that,
// dot-stuffed and framed again, comes back identical with no line-end violation; Reject and Normalize agree on clean
// content; the stuffer's output for any content is canonical, ends only at its own terminator and frames back to the
// normalised content.
using Edge.Protocol.Framing;

namespace Edge.Fuzz.Targets;

/// <summary>The <c>data</c> fuzz target.</summary>
public static class DataTarget
{
    /// <summary>Runs every check on <paramref name="input"/>; throws on a broken invariant.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        int[] cuts = FuzzInput.Cuts(input);
        FramingChecks.DataResult normalized = CheckFramer(input, BareLineEndingHandling.Normalize, cuts);
        FramingChecks.DataResult rejected = CheckFramer(input, BareLineEndingHandling.Reject, cuts);
        FuzzInvariant.Equal(normalized.Status, rejected.Status, "Reject and Normalize end at the same place");
        FuzzInvariant.Equal(normalized.Consumed, rejected.Consumed, "Reject and Normalize consume the same");
        FuzzInvariant.Equal(normalized.Violations, rejected.Violations, "Reject and Normalize report the same");
        if ((rejected.Violations & FramingChecks.LineEndViolations) == 0)
        {
            FuzzInvariant.Equal(normalized.Content, rejected.Content, "clean content is the same under Reject and Normalize");
        }

        if (normalized.Status == DataFramerStatus.EndOfData)
        {
            // Content relayed to a backend: stuffed, framed again, it must come back as it was.
            FramingChecks.AssertNoBareLineEnd(normalized.Content, "normalised DATA content");
            CheckRoundTrip(normalized.Content, cuts.Where(c => c <= normalized.Content.Length).ToArray());
        }

        CheckStuffer(input, cuts);
    }

    private static FramingChecks.DataResult CheckFramer(ReadOnlySpan<byte> input, BareLineEndingHandling handling, int[] cuts)
    {
        FramingChecks.DataResult whole = FramingChecks.FrameData(input, handling, []);
        string expected = whole.ToString();
        foreach (int cut in cuts)
        {
            FuzzInvariant.Equal(expected, FramingChecks.FrameData(input, handling, [cut]).ToString(), $"DATA ({handling}) read in two at {cut}");
        }

        if (input.Length <= 4 * FuzzInput.AllCutsLimit)
        {
            int[] everyOctet = Enumerable.Range(1, Math.Max(0, input.Length - 1)).ToArray();
            FuzzInvariant.Equal(expected, FramingChecks.FrameData(input, handling, everyOctet).ToString(), $"DATA ({handling}) one octet per read");
        }

        // SECURITY: the end of data is the first CRLF.CRLF after the DATA command's CRLF, and only that.
        byte[] withCommandCrlf = [.. "\r\n"u8, .. input];
        int first = withCommandCrlf.AsSpan().IndexOf(FramingChecks.Terminator);
        long expectedConsumed = first < 0 ? input.Length : first + FramingChecks.Terminator.Length - 2;
        FuzzInvariant.Equal(first < 0 ? DataFramerStatus.NeedMoreData : DataFramerStatus.EndOfData, whole.Status, $"DATA ({handling}) status");
        FuzzInvariant.Equal(expectedConsumed, whole.Consumed, $"DATA ({handling}) consumed");

        if (handling == BareLineEndingHandling.Reject && whole.Status == DataFramerStatus.EndOfData)
        {
            // Unstuffed content under Reject: the octets received, minus one dot at each line start.
            FuzzInvariant.Equal(Unstuff(withCommandCrlf.AsSpan(0, first + 2)), whole.Content, "DATA (Reject) content is the input unstuffed");
            FuzzInvariant.Equal(FramingChecks.Violations(whole.Content) & ~DataViolations.SmugglingShape, whole.Violations & ~DataViolations.SmugglingShape, "DATA (Reject) violations");
        }

        return whole;
    }

    // Canonical content (Normalize output) stuffed and framed again: the same content and no line-end violation.
    private static void CheckRoundTrip(byte[] content, int[] cuts)
    {
        byte[] wire = FramingChecks.Stuff(content, []);
        foreach (int cut in cuts)
        {
            FuzzInvariant.Equal(wire, FramingChecks.Stuff(content, [cut]), $"stuffing written in two at {cut}");
        }

        FramingChecks.DataResult again = FramingChecks.FrameData(wire, BareLineEndingHandling.Reject, []);
        FuzzInvariant.Equal(DataFramerStatus.EndOfData, again.Status, "stuffed content ends");
        FuzzInvariant.Equal((long)wire.Length, again.Consumed, "stuffed content ends at its terminator");
        FuzzInvariant.Equal(content, again.Content, "stuffed content frames back to itself");
        FuzzInvariant.Equal(DataViolations.None, again.Violations & FramingChecks.LineEndViolations, "stuffed canonical content has no line-end violation");
    }

    // Any octets as content: the stuffer's output is canonical, holds no terminator before its own, and frames back
    // to the normalised content (with a final CRLF added when missing).
    private static void CheckStuffer(ReadOnlySpan<byte> content, int[] cuts)
    {
        byte[] wire = FramingChecks.Stuff(content, []);
        foreach (int cut in cuts)
        {
            FuzzInvariant.Equal(wire, FramingChecks.Stuff(content, [cut]), $"stuffing written in two at {cut}");
        }

        FramingChecks.AssertNoBareLineEnd(wire, "stuffed output");
        byte[] withCommandCrlf = [.. "\r\n"u8, .. wire];
        FuzzInvariant.Equal(wire.Length - 3, withCommandCrlf.AsSpan().IndexOf(FramingChecks.Terminator), "the stuffed output's first terminator is its last");

        byte[] expected = FramingChecks.Normalize(content);
        if (expected.Length > 0 && !expected.AsSpan().EndsWith("\r\n"u8))
        {
            expected = [.. expected, .. "\r\n"u8];
        }

        FramingChecks.DataResult framed = FramingChecks.FrameData(wire, BareLineEndingHandling.Reject, []);
        FuzzInvariant.Equal((long)wire.Length, framed.Consumed, "stuffed output is framed whole");
        FuzzInvariant.Equal(expected, framed.Content, "stuffed output frames back to the normalised content");
    }

    // The naive unstuffing model over "\r\n" + content (up to and including the CRLF before the final "."): a line starts
    // after a CRLF, a bare CR or a bare LF; a '.' there is removed unless the line is just "." (which, not being the
    // terminator, is kept as a literal "." line).
    private static byte[] Unstuff(ReadOnlySpan<byte> withCommandCrlf)
    {
        var output = new List<byte>(withCommandCrlf.Length);
        for (int i = 2; i < withCommandCrlf.Length; i++)
        {
            byte previous = withCommandCrlf[i - 1];
            bool lineStart = previous == (byte)'\n' || (previous == (byte)'\r' && withCommandCrlf[i] != (byte)'\n');
            bool dotLine = i + 1 < withCommandCrlf.Length && withCommandCrlf[i + 1] is (byte)'\r' or (byte)'\n';
            if (!(lineStart && withCommandCrlf[i] == (byte)'.' && !dotLine))
            {
                output.Add(withCommandCrlf[i]);
            }
        }

        return [.. output];
    }
}
