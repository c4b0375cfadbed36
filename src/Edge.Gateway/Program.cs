// Program: the entry point. `passwd NAME` prints a user entry with a bcrypt hash; otherwise it builds the
// gateway (Hosting/EdgeHost) and runs it until SIGTERM/Ctrl-C, when sessions drain (see SmtpConnection).
using Edge.Gateway.Auth;
using Edge.Gateway.Hosting;

if (PasswdCommand.Matches(args))
{
    return PasswdCommand.Run(args, Console.In, Console.Out, Console.Error);
}

var app = EdgeHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
return 0;
