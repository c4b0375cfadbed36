// LoadCli: the command line (System.CommandLine 2.0). One command: with --sink ENDPOINT it runs the counting sink,
// otherwise the load generator against --target. Values are checked here and turned into LoadOptions; a bad value is
// reported naming its option (exit 2). Ctrl+C / SIGTERM stop issuing messages (load) or stop the sink, then report.
using System.CommandLine;
using System.Net;
using Edge.LoadTest.Client;
using Spectre.Console;

namespace Edge.LoadTest.Cli;

/// <summary>Builds and runs the command line.</summary>
internal static class LoadCli
{
    public static RootCommand Create(IAnsiConsole console)
    {
        var target = new Option<string>("--target") { Description = "SMTP server to load, host:port", DefaultValueFactory = _ => "127.0.0.1:2525" };
        var sessions = new Option<int>("--sessions") { Description = "concurrent SMTP sessions", DefaultValueFactory = _ => 50 };
        var messages = new Option<long?>("--messages") { Description = "messages to send in total (the run stops at this or --duration)" };
        var size = new Option<string>("--size") { Description = "message size: 512, 4k, 1m", DefaultValueFactory = _ => "4k" };
        var tls = new Option<string>("--tls") { Description = "none | starttls | implicit", DefaultValueFactory = _ => "none" };
        tls.AcceptOnlyFromAmong("none", "starttls", "implicit");
        var rate = new Option<string>("--rate") { Description = "open loop: messages/s on a fixed schedule; 'unlimited' = closed loop", DefaultValueFactory = _ => "unlimited" };
        var duration = new Option<string?>("--duration") { Description = "time limit: 30s, 2m, 1h (load: stop issuing; sink: stop)" };
        var perSession = new Option<int>("--messages-per-session") { Description = "messages per connection before reconnecting; 0 = keep it", DefaultValueFactory = _ => 0 };
        var json = new Option<FileInfo?>("--json") { Description = "also write the report as JSON to FILE" };
        var from = new Option<string>("--from") { Description = "envelope and header sender", DefaultValueFactory = _ => "load@edge-load.test" };
        var to = new Option<string>("--to") { Description = "envelope and header recipient", DefaultValueFactory = _ => "sink@localhost" };
        var insecure = new Option<bool>("--insecure") { Description = "accept any server certificate (self-signed test gateways)" };
        var tlsResume = new Option<string>("--tls-resume") { Description = "on: resume TLS sessions (tickets) across a session's connections, as .NET does by default; off: a full handshake every connection", DefaultValueFactory = _ => "on" };
        tlsResume.AcceptOnlyFromAmong("on", "off");
        var serverName = new Option<string?>("--server-name") { Description = "TLS SNI and certificate name (default: the target's host)" };
        var verify = new Option<bool>("--verify") { Description = "load: add X-Edge-Load-Hash (SHA-256 of the body); sink: check it" };
        var sink = new Option<string?>("--sink") { Description = "run the counting SMTP sink on host:port instead of loading" };
        var noProgress = new Option<bool>("--no-progress") { Description = "no live view (it is off anyway when output is redirected)" };

        var root = new RootCommand("Edge load tool: SMTP load generator (closed/open loop, TLS, pipelining) and counting sink.")
        {
            target, sessions, messages, size, tls, rate, duration, perSession, json, from, to, insecure, tlsResume, serverName, verify, sink, noProgress,
        };

        root.SetAction(async (result, cancellationToken) =>
        {
            TimeSpan? limit = null;
            if (result.GetValue(duration) is string durationText)
            {
                if (!CliValues.TryParseDuration(durationText, out var parsed))
                {
                    return Fail(console, "--duration", durationText);
                }

                limit = parsed;
            }

            string? jsonPath = result.GetValue(json)?.FullName;
            bool live = !result.GetValue(noProgress);
            if (result.GetValue(sink) is string sinkText)
            {
                if (!IPEndPoint.TryParse(sinkText, out var sinkEndPoint))
                {
                    return Fail(console, "--sink", sinkText);
                }

                return await SinkCommand.RunAsync(console, sinkEndPoint, result.GetValue(verify), limit, jsonPath, live, cancellationToken);
            }

            string targetText = result.GetValue(target)!;
            if (!CliValues.TryParseEndPoint(targetText, out var endpoint, out string host))
            {
                return Fail(console, "--target", targetText);
            }

            if (!CliValues.TryParseSize(result.GetValue(size)!, out int messageSize))
            {
                return Fail(console, "--size", result.GetValue(size)!);
            }

            if (!CliValues.TryParseRate(result.GetValue(rate)!, out double? messagesPerSecond))
            {
                return Fail(console, "--rate", result.GetValue(rate)!);
            }

            long? maxMessages = result.GetValue(messages);
            if (maxMessages is null && limit is null)
            {
                console.MarkupLine("[red]a run needs --messages or --duration (or both)[/]");
                return 2;
            }

            if (result.GetValue(sessions) < 1 || maxMessages < 1 || result.GetValue(perSession) < 0)
            {
                console.MarkupLine("[red]--sessions and --messages must be at least 1; --messages-per-session at least 0[/]");
                return 2;
            }

            var options = new LoadOptions
            {
                Target = endpoint,
                ServerName = result.GetValue(serverName) ?? host,
                Sessions = result.GetValue(sessions),
                MaxMessages = maxMessages,
                Duration = limit,
                MessageSize = messageSize,
                Tls = result.GetValue(tls) switch { "starttls" => TlsMode.StartTls, "implicit" => TlsMode.Implicit, _ => TlsMode.None },
                Rate = messagesPerSecond,
                MessagesPerSession = result.GetValue(perSession),
                From = result.GetValue(from)!,
                To = result.GetValue(to)!,
                Insecure = result.GetValue(insecure),
                TlsResume = result.GetValue(tlsResume) == "on",
                Verify = result.GetValue(verify),
            };
            return await LoadCommand.RunAsync(console, options, jsonPath, live, cancellationToken);
        });
        return root;
    }

    private static int Fail(IAnsiConsole console, string option, string value)
    {
        console.MarkupLine($"[red]{option}: '{Markup.Escape(value)}' is not valid (see --help)[/]");
        return 2;
    }
}
