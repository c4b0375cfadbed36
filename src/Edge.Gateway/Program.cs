// Program: composition root. Builds the host from configuration and runs it until SIGTERM/Ctrl-C.
var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
await app.RunAsync().ConfigureAwait(false);
