// BatchedConsoleLoggingExtensions: swaps the stock console logger provider for BatchedConsoleLoggerProvider, keeping
// everything AddConsole registered (formatters, option binding of Logging:Console, the "Console" filter alias).
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace Edge.Gateway.Logging;

/// <summary>Registration of the batched console logger.</summary>
internal static class BatchedConsoleLoggingExtensions
{
    /// <summary>Replaces ConsoleLoggerProvider (added by the host builder) with the batched provider.</summary>
    public static ILoggingBuilder UseBatchedConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        var services = logging.Services;
        var replaced = false;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType == typeof(ConsoleLoggerProvider))
            {
                services.RemoveAt(i);
                replaced = true;
            }
        }

        if (replaced)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, BatchedConsoleLoggerProvider>());
        }

        return logging;
    }
}
