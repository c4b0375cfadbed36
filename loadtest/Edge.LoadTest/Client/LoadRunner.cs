// LoadRunner: runs one load: starts the sessions (and, in the open loop, the arrival schedule), stops issuing messages
// at --messages or --duration (or cancellation), lets in-flight messages finish within the drain timeout, and builds
// the report. Stats are readable while it runs, for the live progress view.
using System.Diagnostics;
using System.Globalization;
using Edge.LoadTest.Reporting;

namespace Edge.LoadTest.Client;

/// <summary>One load run.</summary>
internal sealed class LoadRunner
{
    private readonly LoadOptions _options;
    private long _startTimestamp;
    private long _endTimestamp;

    public LoadRunner(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessages is null && options.Duration is null)
        {
            throw new ArgumentException("A run needs --messages or --duration (or both).", nameof(options));
        }

        _options = options;
    }

    public LoadStats Stats { get; } = new();

    public LoadOptions Options => _options;

    /// <summary>Time since the run started (frozen once it ends).</summary>
    public TimeSpan Elapsed => _startTimestamp == 0 ? TimeSpan.Zero
        : Stopwatch.GetElapsedTime(_startTimestamp, _endTimestamp != 0 ? _endTimestamp : Stopwatch.GetTimestamp());

    /// <summary>Runs to the end; <paramref name="cancellationToken"/> stops issuing messages (like the duration ending).</summary>
    public async Task<LoadReport> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = new CancellationTokenSource();
        if (_options.Duration is TimeSpan duration)
        {
            stop.CancelAfter(duration);
        }

        // Once no new message is issued, in-flight ones get the drain timeout to finish.
        await using var drain = stop.Token.Register(() => abort.CancelAfter(_options.DrainTimeout));
        var template = MessageTemplate.Create(_options.MessageSize, _options.From, _options.To, _options.Verify);
        var commands = new SmtpCommands(_options.Ehlo, _options.From, _options.To);
        var tickets = new MessageTickets(_options.MaxMessages, _options.Rate, stop.Token);

        _startTimestamp = Stopwatch.GetTimestamp();
        var schedule = tickets.RunScheduleAsync();
        var sessions = new Task[_options.Sessions];
        for (int i = 0; i < sessions.Length; i++)
        {
            var session = new LoadSession(_options, template, commands, Stats, tickets, abort.Token);
            sessions[i] = Task.Run(session.RunAsync, CancellationToken.None);
        }

        await Task.WhenAll(sessions);
        _endTimestamp = Stopwatch.GetTimestamp();
        await stop.CancelAsync();
        await schedule;
        return BuildReport(tickets.Released - tickets.Taken);
    }

    private LoadReport BuildReport(long notStarted)
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
        var latencies = new List<LatencySummary>();
        foreach (var track in new[] { Stats.Connect, Stats.TlsHandshake, Stats.Message, Stats.ScheduleLag })
        {
            track.Sample();
            var summary = track.Summarize();
            if (summary.Count > 0)
            {
                latencies.Add(summary);
            }
        }

        var errors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pair in Stats.Errors())
        {
            errors[pair.Key] = pair.Value;
        }

        return new LoadReport
        {
            Target = _options.Target.ToString() ?? string.Empty,
            Tls = _options.Tls.ToString().ToLower(CultureInfo.InvariantCulture),
            Loop = _options.Rate is null ? "closed" : "open",
            Rate = _options.Rate,
            Sessions = _options.Sessions,
            MessageSize = _options.MessageSize,
            MessagesPerSession = _options.MessagesPerSession,
            Verify = _options.Verify,
            ElapsedSeconds = seconds,
            Accepted = Stats.Accepted,
            Failed = Stats.Failed,
            NotStarted = notStarted,
            Connections = Stats.Connections,
            TlsHandshakes = Stats.TlsHandshakes,
            MessagesPerSecond = Stats.Accepted / seconds,
            TlsHandshakesPerSecond = Stats.TlsHandshakes / seconds,
            MegabytesPerSecond = Stats.Bytes / seconds / 1_000_000,
            Errors = errors,
            Latencies = latencies,
        };
    }
}
