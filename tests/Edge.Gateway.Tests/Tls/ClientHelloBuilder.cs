// ClientHelloBuilder: hand-made TLS ClientHello records (RFC 5246 7.4.1.2), for offers no modern client library
// will send: TLS 1.0/1.1 only (OpenSSL 3's client refuses to offer them at the default security level) or
// cipher suites the server has disabled.
namespace Edge.Gateway.Tests.Tls;

internal static class ClientHelloBuilder
{
    public static byte[] Build(ushort version, params ushort[] cipherSuites)
    {
        var body = new List<byte>();
        body.Add((byte)(version >> 8));
        body.Add((byte)version);
        body.AddRange(new byte[32]);                       // random (zeros are fine for a refusal)
        body.Add(0);                                       // session id length
        body.Add((byte)((cipherSuites.Length * 2) >> 8));
        body.Add((byte)(cipherSuites.Length * 2));
        foreach (var suite in cipherSuites)
        {
            body.Add((byte)(suite >> 8));
            body.Add((byte)suite);
        }

        body.Add(1);                                       // compression methods: null only
        body.Add(0);
        body.Add(0);                                       // no extensions
        body.Add(0);

        var handshake = new List<byte> { 0x01, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);

        var record = new List<byte> { 0x16, 0x03, 0x01, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }
}
