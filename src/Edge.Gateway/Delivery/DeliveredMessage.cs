// DeliveredMessage: what DirectoryMessageWriter.CommitAsync reports once a message is durably in place.
namespace Edge.Gateway.Delivery;

/// <summary>A committed message: its id (the file name without extension), final path and size in octets.</summary>
internal readonly record struct DeliveredMessage(string Id, string Path, long Length);
