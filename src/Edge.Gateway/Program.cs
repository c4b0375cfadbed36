// Program: the entry point. Builds the gateway (Hosting/EdgeHost) and runs it until SIGTERM/Ctrl-C,
// when Kestrel stops accepting and open sessions drain (see SmtpConnection shutdown handling).
using Edge.Gateway.Hosting;

var app = EdgeHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
