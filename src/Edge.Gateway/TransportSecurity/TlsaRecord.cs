// TlsaRecord: one TLSA record (RFC 6698 2.1) and how a served certificate matches it for SMTP (RFC 7672 3.1):
// usage 3 (DANE-EE) against the leaf, usage 2 (DANE-TA) against the CA certificates of the served chain; usages
// 0 and 1 (PKIX) are unusable for SMTP and never match. Selector 0 = whole certificate, 1 = SubjectPublicKeyInfo;
// matching type 0 = exact, 1 = SHA-256, 2 = SHA-512.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Edge.Gateway.TransportSecurity;

/// <summary>A TLSA record's fields.</summary>
internal sealed class TlsaRecord
{
    public TlsaRecord(byte usage, byte selector, byte matchingType, byte[] data)
    {
        Usage = usage;
        Selector = selector;
        MatchingType = matchingType;
        Data = data;
    }

    public byte Usage { get; }

    public byte Selector { get; }

    public byte MatchingType { get; }

    public byte[] Data { get; }

    /// <summary>Usage 2 or 3 with a known selector and matching type: a record SMTP DANE can use.</summary>
    public bool IsUsable => Usage is 2 or 3 && Selector is 0 or 1 && MatchingType is 0 or 1 or 2;

    /// <summary>Parses the presentation form <c>3 1 1 &lt;hex&gt;</c> (hex may contain spaces). Never throws.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out TlsaRecord? record)
    {
        record = null;
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is null || parts.Length < 4
            || !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var usage)
            || !byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var selector)
            || !byte.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var matching))
        {
            return false;
        }

        var hex = string.Concat(parts.AsSpan(3));
        if (hex.Length == 0 || hex.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            record = new TlsaRecord(usage, selector, matching, Convert.FromHexString(hex));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The <c>3 1 1</c> record of a certificate: SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static TlsaRecord DaneEe(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new TlsaRecord(3, 1, 1, SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>True when this usable record matches the leaf (usage 3) or a CA certificate of the chain (usage 2).</summary>
    public bool Matches(X509Certificate2 leaf, X509Certificate2Collection chain)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(chain);
        if (!IsUsable)
        {
            return false;
        }

        if (Usage == 3)
        {
            return MatchesCertificate(leaf);
        }

        foreach (var certificate in chain)
        {
            if (IsCertificateAuthority(certificate) && MatchesCertificate(certificate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Presentation form, lower-case hex.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Usage} {Selector} {MatchingType} {Convert.ToHexStringLower(Data)}");

    private bool MatchesCertificate(X509Certificate2 certificate)
    {
        var selected = Selector == 0 ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var digest = MatchingType switch
        {
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => selected,
        };
        return CryptographicOperations.FixedTimeEquals(digest, Data);
    }

    private static bool IsCertificateAuthority(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509BasicConstraintsExtension constraints)
            {
                return constraints.CertificateAuthority;
            }
        }

        return false;
    }
}
