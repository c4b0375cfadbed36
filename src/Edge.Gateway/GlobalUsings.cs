// Global usings for Edge.Gateway: namespaces nearly every gateway file needs.
// Keep this list short; anything that could make a simple type name ambiguous stays a local using.
global using System.Buffers;
global using System.Net;
global using System.Text;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
