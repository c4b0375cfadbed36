// Program: the entry point. `passwd NAME` prints a user entry with a bcrypt hash; `dns-records` prints the
// MTA-STS/TLSRPT/TLSA records to publish (TransportSecurity/DnsRecordsCommand); otherwise it builds the
// gateway (Hosting/EdgeHost) and runs it until SIGTERM/Ctrl-C, when sessions drain (see SmtpConnection).
using Edge.Gateway.Auth;
using Edge.Gateway.Hosting;
using Edge.Gateway.TransportSecurity;

if (PasswdCommand.Matches(args))
{
    return PasswdCommand.Run(args, Console.In, Console.Out, Console.Error);
}

if (DnsRecordsCommand.Matches(args))
{
    return DnsRecordsCommand.Run(args, Console.Out, Console.Error);
}

var app = EdgeHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
return 0;
