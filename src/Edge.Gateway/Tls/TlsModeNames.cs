// TlsModeNames: the configuration spelling of TlsMode ("plain" | "starttls" | "implicit-tls", DESIGN.md
// configuration contract). Case-insensitive parse; these strings are a public interface, do not rename.
namespace Edge.Gateway.Tls;

/// <summary>Maps configuration strings to <see cref="TlsMode"/> and back.</summary>
internal static class TlsModeNames
{
    public const string Plain = "plain";
    public const string StartTls = "starttls";
    public const string ImplicitTls = "implicit-tls";

    public static bool TryParse(string? value, out TlsMode mode)
    {
        if (string.Equals(value, StartTls, StringComparison.OrdinalIgnoreCase))
        {
            mode = TlsMode.StartTls;
            return true;
        }

        if (string.Equals(value, ImplicitTls, StringComparison.OrdinalIgnoreCase))
        {
            mode = TlsMode.Implicit;
            return true;
        }

        if (string.Equals(value, Plain, StringComparison.OrdinalIgnoreCase))
        {
            mode = TlsMode.None;
            return true;
        }

        mode = TlsMode.None;
        return false;
    }

    public static string ToName(TlsMode mode) => mode switch
    {
        TlsMode.StartTls => StartTls,
        TlsMode.Implicit => ImplicitTls,
        _ => Plain,
    };
}
