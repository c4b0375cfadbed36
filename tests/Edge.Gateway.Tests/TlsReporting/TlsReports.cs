// TlsReports: test reports. Rfc8460Example is the example report of RFC 8460 4.5 (its "additional-information" URI,
// wrapped over two lines in the RFC's layout, on one line here so the JSON is valid); the other builders change one
// thing at a time through JsonNode. Gzip and a decompression bomb are made with System.IO.Compression.
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Edge.Gateway.Tests.TlsReporting;

internal static class TlsReports
{
    public const string Rfc8460Example = """
        {
          "organization-name": "Company-X",
          "date-range": {
            "start-datetime": "2016-04-01T00:00:00Z",
            "end-datetime": "2016-04-01T23:59:59Z"
          },
          "contact-info": "sts-reporting@company-x.example",
          "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c4be",
          "policies": [{
            "policy": {
              "policy-type": "sts",
              "policy-string": ["version: STSv1","mode: testing",
                    "mx: *.mail.company-y.example","max_age: 86400"],
              "policy-domain": "company-y.example",
              "mx-host": "*.mail.company-y.example"
            },
            "summary": {
              "total-successful-session-count": 5326,
              "total-failure-session-count": 303
            },
            "failure-details": [{
              "result-type": "certificate-expired",
              "sending-mta-ip": "2001:db8:abcd:0012::1",
              "receiving-mx-hostname": "mx1.mail.company-y.example",
              "failed-session-count": 100
            }, {
              "result-type": "starttls-not-supported",
              "sending-mta-ip": "2001:db8:abcd:0013::1",
              "receiving-mx-hostname": "mx2.mail.company-y.example",
              "receiving-ip": "203.0.113.56",
              "failed-session-count": 200,
              "additional-information": "https://reports.company-x.example/report_info?id=5065427c-23d3#StarttlsNotSupported"
            }, {
              "result-type": "validation-failure",
              "sending-mta-ip": "198.51.100.62",
              "receiving-ip": "203.0.113.58",
              "receiving-mx-hostname": "mx-backup.mail.company-y.example",
              "failed-session-count": 3,
              "failure-error-code": "X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED"
            }]
          }]
        }
        """;

    /// <summary>
    /// A DANE report with two policies: tlsa (10 ok, 7 failed: 4 dane-required, 2 tlsa-invalid, 1 of a result type no
    /// RFC defines, i.e. other; mx-host as an array) and no-policy-found (50 ok, 5 starttls-not-supported).
    /// </summary>
    public const string DaneVariation = """
        {
          "organization-name": "Sender B",
          "date-range": { "start-datetime": "2026-11-28T00:00:00Z", "end-datetime": "2026-11-28T23:59:59Z" },
          "contact-info": "mailto:tls@sender-b.example",
          "report-id": "2026-11-28T00:00:00Z_example.com",
          "x-vendor-extension": { "anything": [1, 2, 3] },
          "policies": [
            {
              "policy": {
                "policy-type": "tlsa",
                "policy-string": ["3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
                "policy-domain": "example.com",
                "mx-host": ["mx1.example.com", "mx2.example.com"]
              },
              "summary": { "total-successful-session-count": 10, "total-failure-session-count": 7 },
              "failure-details": [
                { "result-type": "dane-required", "failed-session-count": 4, "receiving-mx-hostname": "mx1.example.com" },
                { "result-type": "tlsa-invalid", "failed-session-count": 2 },
                { "result-type": "x-future-result", "failed-session-count": 1 }
              ]
            },
            {
              "policy": { "policy-type": "no-policy-found", "policy-domain": "example.com" },
              "summary": { "total-successful-session-count": 50, "total-failure-session-count": 5 },
              "failure-details": [ { "result-type": "starttls-not-supported", "failed-session-count": 5 } ]
            }
          ]
        }
        """;

    public static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The RFC example with <paramref name="change"/> applied.</summary>
    public static string Changed(Action<JsonObject> change, string source = Rfc8460Example)
    {
        var root = JsonNode.Parse(source)!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    /// <summary>The first policy entry of a report.</summary>
    public static JsonObject FirstPolicy(JsonObject root) => root["policies"]![0]!.AsObject();

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>gzip of <paramref name="size"/> octets of spaces: valid JSON whitespace if it ever were inflated, tiny compressed.</summary>
    public static byte[] Bomb(int size)
    {
        var spaces = new byte[size];
        Array.Fill(spaces, (byte)' ');
        return Gzip(spaces);
    }
}
