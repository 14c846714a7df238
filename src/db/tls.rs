//! rustls client configurations for PostgreSQL (the HTTP client uses ureq's rustls: one TLS stack for
//! the whole binary).
//!
//! libpq's meanings are kept: `prefer`/`require` encrypt without verifying the server, `verify-ca`
//! checks the certificate chain, `verify-full` also checks the host name. Roots come from `sslrootcert`:
//! a PEM file, or `system` — the operating system's trust store (`SSL_CERT_FILE`/`SSL_CERT_DIR` as
//! OpenSSL reads them), never the bundled web roots. Where webpki is stricter than libpq (OpenSSL),
//! libpq's answer is kept: a server certificate that is itself one of the trusted roots (the
//! PostgreSQL documentation's self-signed `CA:TRUE` recipe) is accepted, and `verify-full` falls back
//! to the Common Name when the certificate has no subjectAltName of the host's kind.

use crate::db::url::SslMode;
use crate::error::{Error, Result};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::Arc;

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

fn builder() -> Result<rustls::ConfigBuilder<ClientConfig, rustls::WantsVerifier>> {
    ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::database(format!("TLS set-up failed: {e}")))
}

/// The trusted roots of `sslrootcert` (a PEM file, or `system`), and their DER forms.
pub fn roots(root_cert: &str) -> Result<(RootCertStore, Vec<CertificateDer<'static>>)> {
    let mut store = RootCertStore::empty();
    let certs: Vec<CertificateDer<'static>> = if root_cert == "system" {
        let found = rustls_native_certs::load_native_certs();
        if found.certs.is_empty() {
            let why = found.errors.first().map(|e| format!(": {e}")).unwrap_or_default();
            return Err(Error::usage(format!(
                "sslrootcert=system: no trusted root in the operating system's store{why}"
            )));
        }
        // The system store may hold a certificate webpki cannot read; the others still count.
        found.certs
    } else {
        use rustls::pki_types::pem::PemObject;
        let err = |e: &dyn std::fmt::Display| Error::usage(format!("sslrootcert {root_cert}: {e}"));
        CertificateDer::pem_file_iter(root_cert)
            .map_err(|e| err(&e))?
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| err(&e))?
    };
    let (added, _) = store.add_parsable_certificates(certs.iter().cloned());
    if added == 0 {
        return Err(Error::usage(format!(
            "sslrootcert {root_cert}: no usable certificate"
        )));
    }
    Ok((store, certs))
}

/// The client configuration for a PostgreSQL sslmode (`root_cert`: required by `verify-*`).
pub fn client_config(mode: SslMode, root_cert: Option<&str>) -> Result<ClientConfig> {
    if !mode.verifies() {
        return no_verification();
    }
    let root_cert = root_cert.ok_or_else(|| {
        Error::usage(format!(
            "sslmode={}: no sslrootcert to verify the server with",
            mode.as_str()
        ))
    })?;
    let (store, anchors) = roots(root_cert)?;
    let inner = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider())
        .build()
        .map_err(|e| Error::usage(format!("TLS roots: {e}")))?;
    Ok(builder()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Libpq {
            inner,
            anchors,
            check_name: mode == SslMode::VerifyFull,
        }))
        .with_no_client_auth())
}

/// Encrypts without checking who answers (libpq's `require`; curl's `-k` for `--insecure`).
pub fn no_verification() -> Result<ClientConfig> {
    Ok(builder()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(NoVerification))
        .with_no_client_auth())
}

#[derive(Debug)]
struct NoVerification;

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &provider().signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &provider().signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        provider().signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca` / `verify-full` with libpq's answers where webpki is stricter.
#[derive(Debug)]
struct Libpq {
    inner: Arc<rustls::client::WebPkiServerVerifier>,
    /// The trusted roots as given: a server certificate equal to one of them is trusted as is.
    anchors: Vec<CertificateDer<'static>>,
    /// `verify-full`: the host name must match.
    check_name: bool,
}

impl ServerCertVerifier for Libpq {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        let name_ok = || !self.check_name || names::matches(end_entity, server_name);
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
        {
            Ok(v) => Ok(v),
            // webpki checks the name after the chain: the chain is good. verify-ca ignores the name;
            // verify-full gets libpq's Common Name fallback.
            Err(e @ rustls::Error::InvalidCertificate(CertificateError::NotValidForName))
            | Err(e @ rustls::Error::InvalidCertificate(CertificateError::NotValidForNameContext { .. })) => {
                if name_ok() {
                    Ok(ServerCertVerified::assertion())
                } else {
                    Err(e)
                }
            }
            // OpenSSL (so libpq) trusts a server certificate that is itself a trusted root, CA:TRUE or
            // not; webpki refuses a CA as end entity. Same bytes as a root: trusted, if it is valid now
            // and fit for a server, and (verify-full) names the host.
            Err(e)
                if is_ca_used_as_end_entity(&e)
                    && self.anchors.iter().any(|a| a.as_ref() == end_entity.as_ref()) =>
            {
                names::usable_now(end_entity, now)?;
                if name_ok() {
                    Ok(ServerCertVerified::assertion())
                } else {
                    Err(rustls::Error::InvalidCertificate(
                        CertificateError::NotValidForName,
                    ))
                }
            }
            Err(e) => Err(e),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn is_ca_used_as_end_entity(e: &rustls::Error) -> bool {
    match e {
        rustls::Error::InvalidCertificate(CertificateError::Other(other)) => {
            other.0.downcast_ref::<webpki::Error>() == Some(&webpki::Error::CaUsedAsEndEntity)
        }
        _ => false,
    }
}

/// What libpq checks of a server certificate beyond webpki: its names (subjectAltName of the host's
/// kind, else the Common Name), and — for a certificate trusted as itself — validity and purpose.
mod names {
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{CertificateError, Error};
    use x509_cert::der::oid::db::{rfc4519, rfc5280};
    use x509_cert::der::{Decode, Tag, Tagged};
    use x509_cert::ext::pkix::name::GeneralName;
    use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, SubjectAltName};
    use x509_cert::Certificate;

    fn parse(der: &CertificateDer<'_>) -> Option<Certificate> {
        Certificate::from_der(der.as_ref()).ok()
    }

    fn extension<'c, T: Decode<'c>>(
        cert: &'c Certificate,
        oid: x509_cert::der::oid::ObjectIdentifier,
    ) -> Option<T> {
        let ext = cert
            .tbs_certificate
            .extensions
            .as_ref()?
            .iter()
            .find(|e| e.extn_id == oid)?;
        T::from_der(ext.extn_value.as_bytes()).ok()
    }

    /// libpq's host name check: a subjectAltName of the host's kind (DNS name or IP address) decides;
    /// only when the certificate has none of that kind is the Common Name compared.
    pub fn matches(der: &CertificateDer<'_>, server_name: &ServerName<'_>) -> bool {
        if let Ok(ee) = webpki::EndEntityCert::try_from(der) {
            if ee.verify_is_valid_for_subject_name(server_name).is_ok() {
                return true;
            }
        }
        let Some(cert) = parse(der) else { return false };
        let (host, is_ip) = match server_name {
            ServerName::DnsName(d) => (d.as_ref().to_string(), false),
            ServerName::IpAddress(ip) => (std::net::IpAddr::from(*ip).to_string(), true),
            _ => return false,
        };
        let san: Option<SubjectAltName> = extension(&cert, rfc5280::ID_CE_SUBJECT_ALT_NAME);
        let same_kind = san.is_some_and(|s| {
            s.0.iter().any(|n| match n {
                GeneralName::DnsName(_) => !is_ip,
                GeneralName::IpAddress(_) => is_ip,
                _ => false,
            })
        });
        if same_kind {
            return false;
        }
        common_names(&cert).iter().any(|cn| name_matches(cn, &host))
    }

    fn common_names(cert: &Certificate) -> Vec<String> {
        let mut out = Vec::new();
        for rdn in &cert.tbs_certificate.subject.0 {
            for atv in rdn.0.iter().filter(|a| a.oid == rfc4519::CN) {
                if matches!(
                    atv.value.tag(),
                    Tag::Utf8String | Tag::PrintableString | Tag::Ia5String | Tag::TeletexString
                ) {
                    if let Ok(s) = std::str::from_utf8(atv.value.value()) {
                        out.push(s.to_string());
                    }
                }
            }
        }
        out
    }

    /// libpq's comparison: case-insensitive, and `*.` as the whole first label matches one label.
    pub fn name_matches(pattern: &str, host: &str) -> bool {
        if pattern.contains('\0') {
            return false;
        }
        if pattern.eq_ignore_ascii_case(host) {
            return true;
        }
        match pattern.strip_prefix('*') {
            Some(suffix)
                if suffix.starts_with('.')
                    && host.len() > suffix.len()
                    && host.is_char_boundary(host.len() - suffix.len()) =>
            {
                let (first, rest) = host.split_at(host.len() - suffix.len());
                rest.eq_ignore_ascii_case(suffix) && !first.contains('.')
            }
            _ => false,
        }
    }

    /// For a certificate trusted as itself (no chain to check it): valid now, and fit for a server
    /// when it restricts its purposes.
    pub fn usable_now(der: &CertificateDer<'_>, now: UnixTime) -> Result<(), Error> {
        let cert = parse(der).ok_or(Error::InvalidCertificate(CertificateError::BadEncoding))?;
        let validity = &cert.tbs_certificate.validity;
        if now.as_secs() < validity.not_before.to_unix_duration().as_secs() {
            return Err(Error::InvalidCertificate(CertificateError::NotValidYet));
        }
        if now.as_secs() > validity.not_after.to_unix_duration().as_secs() {
            return Err(Error::InvalidCertificate(CertificateError::Expired));
        }
        let eku: Option<ExtendedKeyUsage> = extension(&cert, rfc5280::ID_CE_EXT_KEY_USAGE);
        if eku.is_some_and(|e| {
            !e.0.iter()
                .any(|o| *o == rfc5280::ID_KP_SERVER_AUTH || *o == rfc5280::ANY_EXTENDED_KEY_USAGE)
        }) {
            return Err(Error::InvalidCertificate(CertificateError::InvalidPurpose));
        }
        let ku: Option<KeyUsage> = extension(&cert, rfc5280::ID_CE_KEY_USAGE);
        if ku.is_some_and(|k| !(k.digital_signature() || k.key_encipherment() || k.key_agreement())) {
            return Err(Error::InvalidCertificate(CertificateError::InvalidPurpose));
        }
        Ok(())
    }

    #[cfg(test)]
    mod tests {
        use super::name_matches;

        #[test]
        fn wildcards_match_one_label_only() {
            assert!(name_matches("db.example.com", "DB.Example.com"));
            assert!(name_matches("*.example.com", "db.example.com"));
            assert!(!name_matches("*.example.com", "a.db.example.com"));
            assert!(!name_matches("*.example.com", "example.com"));
            assert!(!name_matches("*.example.com", ".example.com"));
            assert!(!name_matches("db*.example.com", "db1.example.com"));
        }
    }
}
