// MessageFile: reads the header section of a delivered .eml (RFC 5322 2.2: fields end at the first empty line;
// folded lines are unfolded per 2.2.3) so tests can assert on whole fields such as Edge's Received:.
namespace Edge.Interop.Tests.Delivery;

internal static class MessageFile
{
    /// <summary>The unfolded header fields of <paramref name="path"/>, in file order.</summary>
    public static List<string> ReadHeaderFields(string path)
    {
        var fields = new List<string>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                break;
            }

            if ((line[0] == ' ' || line[0] == '\t') && fields.Count > 0)
            {
                fields[^1] += " " + line.Trim();
            }
            else
            {
                fields.Add(line);
            }
        }

        return fields;
    }
}
