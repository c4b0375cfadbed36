// DeliveryOptions: "Edge:Delivery", the embedded default delivery (one .eml file per message)
// used when Edge:Backends is empty, so that a first run works without a backend MTA.
namespace Edge.Gateway.Configuration;

/// <summary>Directory delivery (<c>Edge:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>Directory that receives one <c>.eml</c> file per message; relative paths are resolved against the working directory (default <c>./data/inbox</c>).</summary>
    public string? Directory { get; set; } = "./data/inbox";
}
