// StoredReportBuilder: turns an accepted report into the small StoredReport kept for drill-down: strings cut to
// MaxText characters, at most MaxPolicies policies and MaxDetails failure details per policy (the rest counted as
// omitted), failures summed per result type.
using System.Text.Json;
using Edge.Gateway.TlsReporting.Wire;

namespace Edge.Gateway.TlsReporting;

/// <summary>Builds <see cref="StoredReport"/>s.</summary>
internal static class StoredReportBuilder
{
    public const int MaxText = 256;
    public const int MaxPolicies = 50;
    public const int MaxDetails = 20;
    private const int MaxMxHosts = 20;

    public static StoredReport Build(ReportDocument report, TlsReportChannel channel, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(report);
        var policies = new List<StoredPolicy>(Math.Min(report.Policies.Count, MaxPolicies));
        for (var i = 0; i < report.Policies.Count && i < MaxPolicies; i++)
        {
            policies.Add(BuildPolicy(report.Policies[i]));
        }

        return new StoredReport
        {
            Received = received,
            Channel = TlsReportLabels.Channels[(int)channel],
            OrganizationName = Cut(report.OrganizationName)!,
            ReportId = Cut(report.ReportId)!,
            ContactInfo = Cut(report.ContactInfo)!,
            Start = report.DateRange.Start,
            End = report.DateRange.End,
            Policies = policies,
            PoliciesOmitted = report.Policies.Count - policies.Count,
        };
    }

    private static StoredPolicy BuildPolicy(ReportPolicyEntry entry)
    {
        var byType = new Dictionary<string, long>(StringComparer.Ordinal);
        var details = new List<ReportFailure>();
        var all = entry.FailureDetails ?? [];
        foreach (var failure in all)
        {
            var type = TlsReportLabels.ResultTypes[(int)TlsReportLabels.ParseResultType(failure.ResultType)];
            byType[type] = byType.GetValueOrDefault(type) + failure.FailedSessionCount;
            if (details.Count < MaxDetails)
            {
                details.Add(new ReportFailure
                {
                    ResultType = Cut(failure.ResultType)!,
                    FailedSessionCount = failure.FailedSessionCount,
                    SendingMtaIp = Cut(failure.SendingMtaIp),
                    ReceivingMxHostname = Cut(failure.ReceivingMxHostname),
                    ReceivingMxHelo = Cut(failure.ReceivingMxHelo),
                    ReceivingIp = Cut(failure.ReceivingIp),
                    AdditionalInformation = Cut(failure.AdditionalInformation),
                    FailureReasonCode = Cut(failure.FailureReasonCode),
                });
            }
        }

        return new StoredPolicy
        {
            PolicyType = entry.Policy.PolicyType,
            PolicyDomain = Cut(entry.Policy.PolicyDomain)!,
            MxHost = MxHosts(entry.Policy.MxHost),
            Successful = entry.Summary.Successful,
            Failed = entry.Summary.Failed,
            FailuresByType = byType,
            FailureDetails = details,
            FailureDetailsOmitted = all.Count - details.Count,
        };
    }

    private static List<string> MxHosts(JsonElement? mx)
    {
        List<string> hosts = [];
        if (mx is not { } element)
        {
            return hosts;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            hosts.Add(Cut(element.GetString())!);
            return hosts;
        }

        foreach (var item in element.EnumerateArray())
        {
            if (hosts.Count == MaxMxHosts)
            {
                break;
            }

            hosts.Add(Cut(item.GetString())!);
        }

        return hosts;
    }

    /// <summary>The first <see cref="MaxText"/> characters of <paramref name="value"/>.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(value))]
    public static string? Cut(string? value) => value is { Length: > MaxText } ? value[..MaxText] : value;
}
