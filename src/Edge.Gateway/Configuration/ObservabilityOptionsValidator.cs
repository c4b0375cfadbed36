// ObservabilityOptionsValidator: start-up check of "Edge:Observability" (registered beside EdgeOptionsValidator
// by the metrics services), naming the key of every problem like the other validators do.
namespace Edge.Gateway.Configuration;

/// <summary>Validates <see cref="EdgeOptions.Observability"/>.</summary>
internal sealed class ObservabilityOptionsValidator : IValidateOptions<EdgeOptions>
{
    private const string Key = EdgeOptions.SectionName + ":Observability";

    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var observability = options.Observability;
        if (observability is null)
        {
            return ValidateOptionsResult.Fail($"{Key}: missing");
        }

        List<string> failures = [];
        if (observability.TlsHistorySize < 0)
        {
            failures.Add($"{Key}:TlsHistorySize: {observability.TlsHistorySize} must be 0 (off) or more");
        }

        if (observability.TlsHistoryWindow <= TimeSpan.Zero)
        {
            failures.Add($"{Key}:TlsHistoryWindow: '{observability.TlsHistoryWindow}' must be positive (e.g. 7.00:00:00)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
