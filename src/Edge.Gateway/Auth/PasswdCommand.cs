// PasswdCommand: `Edge.Gateway passwd NAME` prints a user entry for Edge:Auth:Users or the users file, with a
// bcrypt hash of a password read from standard input (prompted without echo on a terminal).
using System.Text;
using System.Text.Json;
using Edge.Gateway.Configuration;

namespace Edge.Gateway.Auth;

/// <summary>The <c>passwd</c> verb.</summary>
internal static class PasswdCommand
{
    /// <summary>True when <paramref name="args"/> asks for this verb.</summary>
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "passwd";

    /// <summary>Runs the verb; returns the process exit code.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length != 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            error.WriteLine("usage: Edge.Gateway passwd NAME   (the password is read from standard input)");
            return 2;
        }

        var password = ReadPassword(input, error);
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("passwd: empty password refused");
            return 1;
        }

        var user = new AuthUserOptions { Name = args[1], PasswordHash = PasswordHash.Create(password) };
        output.WriteLine(JsonSerializer.Serialize(user, AuthJsonContext.Default.AuthUserOptions));
        return 0;
    }

    private static string? ReadPassword(TextReader input, TextWriter error)
    {
        if (!Console.IsInputRedirected && ReferenceEquals(input, Console.In))
        {
            error.Write("Password: ");
            var text = new StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    error.WriteLine();
                    return text.ToString();
                }

                if (key.Key == ConsoleKey.Backspace && text.Length > 0)
                {
                    text.Length--;
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    text.Append(key.KeyChar);
                }
            }
        }

        return input.ReadLine();
    }
}
