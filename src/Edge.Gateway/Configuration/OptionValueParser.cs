// OptionValueParser: the configuration spellings of ListenerMode, ListenerRole and BackendTlsMode,
// parsed case-insensitively. The spellings are part of the configuration contract (DESIGN.md).
using Edge.Gateway.Policy;

namespace Edge.Gateway.Configuration;

/// <summary>Parses the string values of mode/role/TLS keys. <c>Try*</c> methods never throw.</summary>
internal static class OptionValueParser
{
    /// <summary>Accepted values of <c>Mode</c>, for error messages.</summary>
    public const string ListenerModeValues = "starttls, implicit-tls, plain";

    /// <summary>Accepted values of <c>Role</c>, for error messages.</summary>
    public const string ListenerRoleValues = "mx, submission";

    /// <summary>Accepted values of a backend's <c>Tls</c>, for error messages.</summary>
    public const string BackendTlsValues = "none, starttls-opportunistic, starttls-required (or starttls), implicit (or implicit-tls)";

    /// <summary>Accepted values of a listener's <c>StartTlsInjection</c>, for error messages.</summary>
    public const string StartTlsInjectionValues = "discard, reject";

    public static bool TryParseListenerMode(string? value, out ListenerMode mode)
    {
        string text = (value ?? "").Trim();
        if (Is(text, "starttls")) { mode = ListenerMode.StartTls; return true; }
        if (Is(text, "implicit-tls")) { mode = ListenerMode.ImplicitTls; return true; }
        if (Is(text, "plain")) { mode = ListenerMode.Plain; return true; }
        mode = default;
        return false;
    }

    public static bool TryParseListenerRole(string? value, out ListenerRole role)
    {
        string text = (value ?? "").Trim();
        if (Is(text, "mx")) { role = ListenerRole.Mx; return true; }
        if (Is(text, "submission")) { role = ListenerRole.Submission; return true; }
        role = default;
        return false;
    }

    public static bool TryParseBackendTls(string? value, out BackendTlsMode tls)
    {
        string text = (value ?? "").Trim();
        if (Is(text, "none")) { tls = BackendTlsMode.None; return true; }
        if (Is(text, "starttls") || Is(text, "starttls-required")) { tls = BackendTlsMode.StartTls; return true; }
        if (Is(text, "starttls-opportunistic")) { tls = BackendTlsMode.StartTlsOpportunistic; return true; }
        if (Is(text, "implicit-tls") || Is(text, "implicit")) { tls = BackendTlsMode.ImplicitTls; return true; }
        tls = default;
        return false;
    }

    /// <summary>Accepted values of a listener's <c>ImproperPipelining</c>, for error messages.</summary>
    public const string ImproperPipeliningValues = "allow, reject";

    public static bool TryParseImproperPipelining(string? value, out ImproperPipeliningAction action)
    {
        string text = (value ?? "").Trim();
        if (text.Length == 0 || Is(text, "allow")) { action = ImproperPipeliningAction.Allow; return true; }
        if (Is(text, "reject")) { action = ImproperPipeliningAction.Reject; return true; }
        action = default;
        return false;
    }

    public static bool TryParseStartTlsInjection(string? value, out StartTlsInjectionAction action)
    {
        string text = (value ?? "").Trim();
        if (text.Length == 0 || Is(text, "discard")) { action = StartTlsInjectionAction.Discard; return true; }
        if (Is(text, "reject")) { action = StartTlsInjectionAction.Reject; return true; }
        action = default;
        return false;
    }

    /// <summary>The configuration spelling of a mode (for logs and the <c>mode</c> metric label).</summary>
    public static string ToConfigString(ListenerMode mode) => mode switch
    {
        ListenerMode.StartTls => "starttls",
        ListenerMode.ImplicitTls => "implicit-tls",
        _ => "plain",
    };

    /// <summary>The configuration spelling of a role.</summary>
    public static string ToConfigString(ListenerRole role) => role == ListenerRole.Mx ? "mx" : "submission";

    private static bool Is(string text, string expected) => string.Equals(text, expected, StringComparison.OrdinalIgnoreCase);
}
