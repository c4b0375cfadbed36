// FreePorts: loopback ports nobody is listening on, found by binding sockets to port 0 and releasing them.
// All sockets are held until every port is known, so the ports of one call are distinct. Another process may
// still take a port before the gateway binds it; GatewayProcess retries the start with new ports when it does.
using System.Net;
using System.Net.Sockets;

namespace Edge.Interop.Tests.Hosting;

internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var sockets = new Socket[count];
        try
        {
            var ports = new int[count];
            for (int i = 0; i < count; i++)
            {
                sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
                ports[i] = ((IPEndPoint)sockets[i].LocalEndPoint!).Port;
            }

            return ports;
        }
        finally
        {
            foreach (Socket? socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }
}
