// TlsReportEndpoints: the HTTP side of TLSRPT intake (RFC 8460 3, "https" rua). POST {Path} takes one report as
// application/tlsrpt+json or application/tlsrpt+gzip: 202 when accepted, 400 malformed or not a report, 413 over a
// size limit or a gzip bomb, 415 another media type, 503 (Retry-After) while MaxConcurrent others are being read.
// GET {Path}/reports lists the recent reports as JSON; it is for operators, so only the internal endpoint serves it.
using System.Text.Json;
using Edge.Gateway.TlsReporting.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Edge.Gateway.TlsReporting;

/// <summary>Maps the TLSRPT endpoints.</summary>
internal static class TlsReportEndpoints
{
    public const string JsonType = "application/tlsrpt+json";
    public const string GzipType = "application/tlsrpt+gzip";

    /// <summary>POST {path}: report intake. Returned so the caller can scope it to listeners.</summary>
    public static IEndpointConventionBuilder MapIntake(IEndpointRouteBuilder endpoints, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(path, (RequestDelegate)PostAsync);
    }

    /// <summary>GET {path}/reports: the recent reports, newest first.</summary>
    public static IEndpointConventionBuilder MapList(IEndpointRouteBuilder endpoints, string path)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapGet(path + "/reports", (RequestDelegate)ListAsync);
    }

    /// <summary>The report's encoding from a Content-Type header: false for anything but the two RFC 8460 types.</summary>
    public static bool TryGetEncoding(string? contentType, out bool gzip)
    {
        gzip = false;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        if (media.MediaType.Equals(GzipType, StringComparison.OrdinalIgnoreCase))
        {
            gzip = true;
            return true;
        }

        return media.MediaType.Equals(JsonType, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task PostAsync(HttpContext context)
    {
        var intake = context.RequestServices.GetRequiredService<TlsReportIntake>();
        var limit = intake.Options.MaxBodyBytes;
        using var permit = context.RequestServices.GetRequiredService<TlsReportGate>().TryEnter();
        TlsReportOutcome outcome;
        if (!permit.IsAcquired)
        {
            outcome = intake.Reject(TlsReportChannel.Https, TlsReportRejection.Busy, $"{intake.Options.MaxConcurrent} reports are being read; try again later");
            context.Response.Headers.RetryAfter = "60";
        }
        else if (!TryGetEncoding(context.Request.ContentType, out var gzip))
        {
            outcome = intake.Reject(TlsReportChannel.Https, TlsReportRejection.UnsupportedType, $"Content-Type must be {JsonType} or {GzipType}");
        }
        else if (context.Request.ContentLength > limit)
        {
            outcome = intake.Reject(TlsReportChannel.Https, TlsReportRejection.TooLarge, $"the body is over {limit} octets");
        }
        else
        {
            using var body = new ReportBuffer(limit);
            await ReadBodyAsync(context.Request.Body, body, context.RequestAborted).ConfigureAwait(false);
            outcome = body.Overflowed
                ? intake.Reject(TlsReportChannel.Https, TlsReportRejection.TooLarge, $"the body is over {limit} octets")
                : intake.Submit(body.Memory, gzip, TlsReportChannel.Https);
        }

        context.Response.StatusCode = StatusOf(outcome);
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(outcome.Detail + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ListAsync(HttpContext context)
    {
        var reports = context.RequestServices.GetRequiredService<TlsReportStore>().Snapshot();
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, reports, TlsReportJsonContext.Default.StoredReportArray, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task ReadBodyAsync(Stream stream, ReportBuffer body, CancellationToken cancellationToken)
    {
        while (!body.Overflowed)
        {
            var read = await stream.ReadAsync(body.GetFreeMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            body.Advance(read);
        }
    }

    private static int StatusOf(TlsReportOutcome outcome) => outcome.Rejection switch
    {
        null => StatusCodes.Status202Accepted,
        TlsReportRejection.TooLarge or TlsReportRejection.Bomb => StatusCodes.Status413PayloadTooLarge,
        TlsReportRejection.UnsupportedType => StatusCodes.Status415UnsupportedMediaType,
        TlsReportRejection.Busy => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
