// ConfigurationTestFiles: shared inputs for configuration tests: the DESIGN.md contract JSON, the repository's
// deploy/edge.production.json, and a scratch directory that cleans up after itself.
namespace Edge.Gateway.Tests.Configuration;

internal static class ConfigurationTestFiles
{
    /// <summary>The "Configuration contract" example from DESIGN.md, verbatim.</summary>
    public const string ContractJson = """
        { "Edge": {
            "Hostname": "mx.example.com",
            "Listeners": [
              { "Name": "mx",          "Endpoint": "0.0.0.0:25",  "Mode": "starttls",     "Role": "mx", "ProxyProtocol": false },
              { "Name": "submission",  "Endpoint": "0.0.0.0:587", "Mode": "starttls",     "Role": "submission" },
              { "Name": "submissions", "Endpoint": "0.0.0.0:465", "Mode": "implicit-tls", "Role": "submission" } ],
            "Http":     { "Endpoint": "127.0.0.1:8025" },
            "Tls":      { "Certificates": [ { "CertPath": "/etc/edge/mx.pem", "KeyPath": "/etc/edge/mx.key", "Hosts": [ "mx.example.com" ] } ] },
            "AcceptedDomains": [ "example.com" ],
            "Backends": [ { "Name": "mta1", "Endpoint": "10.0.0.5:25", "Tls": "none" } ],
            "Delivery": { "Directory": "./data/inbox" },
            "Limits":   { "MaxMessageSize": 26214400, "MaxRecipients": 100 },
            "MtaSts":   { "Endpoint": "0.0.0.0:443",
                          "Policies": [ { "Domain": "example.com", "Mode": "enforce", "Mx": [ "mx.example.com" ], "MaxAgeSeconds": 604800 } ] },
            "TlsRpt":   { "Path": "/tlsrpt", "Mailboxes": [ "tlsrpt@example.com" ] },
            "Auth":     { "Users": [ { "Name": "alice@example.com", "PasswordHash": "$2b$12$..." } ], "UsersFile": "/etc/edge/users.json" } } }
        """;

    /// <summary>Path of deploy/edge.production.json, found by walking up from the test binaries to Edge.sln.</summary>
    public static string ProductionConfigPath()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Edge.sln")))
            {
                return Path.Combine(dir.FullName, "deploy", "edge.production.json");
            }
        }

        throw new InvalidOperationException("Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
