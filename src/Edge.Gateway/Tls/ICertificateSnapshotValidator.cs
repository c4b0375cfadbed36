// ICertificateSnapshotValidator: the seam in the certificate reload path. CertificateStore consults every
// registered validator, in order, with a freshly loaded snapshot before it is swapped in; the first that refuses
// keeps the previous snapshot in service. Validators may block briefly (a DNS lookup): reloads run off the hot path.
namespace Edge.Gateway.Tls;

/// <summary>Decides whether a reloaded certificate snapshot may replace the one in service.</summary>
internal interface ICertificateSnapshotValidator
{
    /// <summary>
    /// Checks <paramref name="candidate"/>. <paramref name="reload"/> is false for the start-up snapshot (nothing to
    /// fall back to: the verdict is only reported). Returns false to refuse the reload; never throws.
    /// </summary>
    bool Validate(CertificateSnapshot candidate, bool reload);
}
