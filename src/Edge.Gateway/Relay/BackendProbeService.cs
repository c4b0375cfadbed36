// BackendProbeService: active health. Each backend is probed on its own schedule with connect, greeting, EHLO (and
// TLS as configured), then QUIT, on a connection of its own (never pooled). A success marks the backend up at once;
// a failure feeds the passive health policy (consecutive failures mark it down) and doubles the wait before the
// next probe, from ProbeInterval up to ProbeMaxBackoff, so a dead backend is not hammered.
using Edge.Gateway.Metrics;
using Edge.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Edge.Gateway.Relay;

/// <summary>Probes the relay's backends (<c>Edge:Relay:Probe*</c>); idle without backends or with probes disabled.</summary>
internal sealed partial class BackendProbeService(IServiceProvider services, IOptions<EdgeOptions> options, ILogger<BackendProbeService> logger)
    : BackgroundService
{
    /// <summary>The wait before the next probe: the interval after a success, doubled after each failure up to the max.</summary>
    public static TimeSpan NextDelay(TimeSpan current, bool succeeded, TimeSpan interval, TimeSpan maxBackoff)
    {
        if (succeeded || current < interval)
        {
            return interval;
        }

        var doubled = current * 2;
        return doubled > maxBackoff ? maxBackoff : doubled;
    }

    /// <summary>One probe of <paramref name="backend"/>; records health and the metric. True when it answered.</summary>
    public static async Task<bool> ProbeAsync(BackendState backend, RelayMessageSink relay, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(relay);
        var settings = relay.Settings with { ConnectTimeout = relay.Settings.ProbeTimeout, CommandTimeout = relay.Settings.ProbeTimeout };
        var connection = await BackendConnection.OpenAsync(backend.Settings, settings, cancellationToken).ConfigureAwait(false);
        var ok = !connection.IsBroken;
        var wasDown = !backend.IsHealthy(Environment.TickCount64);
        if (ok)
        {
            await connection.QuitAsync().ConfigureAwait(false);
        }
        else
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ok; // shutting down: not a verdict on the backend
        }

        backend.Metrics?.Probe(ok ? ProbeResult.Success : ProbeResult.Failure);
        if (ok)
        {
            ConsecutiveFailuresHealthPolicy.OnSuccess(backend);
            if (wasDown)
            {
                Log.BackendUp(logger, backend.Settings.Name);
            }
        }
        else
        {
            Log.ProbeFailed(logger, backend.Settings.Name, connection.FailedStage, connection.Failure);
            if (relay.Health.OnFailure(backend, Environment.TickCount64) && !wasDown)
            {
                Log.BackendDown(logger, backend.Settings.Name, backend.ConsecutiveFailures);
            }
        }

        return ok;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Backends.Count == 0)
        {
            return Task.CompletedTask;
        }

        var relay = services.GetRequiredService<RelayMessageSink>();
        if (!relay.Settings.ProbeEnabled)
        {
            return Task.CompletedTask;
        }

        var loops = new Task[relay.Backends.Count];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = ProbeLoopAsync(relay.Backends[i], relay, stoppingToken);
        }

        return Task.WhenAll(loops);
    }

    private async Task ProbeLoopAsync(BackendState backend, RelayMessageSink relay, CancellationToken stoppingToken)
    {
        var interval = relay.Settings.ProbeInterval;
        var delay = interval;
        try
        {
            while (true)
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                var ok = await ProbeAsync(backend, relay, logger, stoppingToken).ConfigureAwait(false);
                delay = NextDelay(delay, ok, interval, relay.Settings.ProbeMaxBackoff);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4030, Level = LogLevel.Warning, Message = "Backend {Backend}: health probe failed at {Stage} ({Failure})")]
        public static partial void ProbeFailed(ILogger logger, string backend, RelayStage stage, RelayFailure failure);

        [LoggerMessage(EventId = 4031, Level = LogLevel.Error, Message = "Backend {Backend} marked down by health probes after {Failures} consecutive failures")]
        public static partial void BackendDown(ILogger logger, string backend, int failures);

        [LoggerMessage(EventId = 4032, Level = LogLevel.Information, Message = "Backend {Backend} answered a health probe; marked up")]
        public static partial void BackendUp(ILogger logger, string backend);
    }
}
