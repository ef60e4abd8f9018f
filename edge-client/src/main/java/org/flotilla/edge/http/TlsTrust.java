package org.flotilla.edge.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a client trusts for the coordinator's TLS certificate: the JVM's trust store
 * (the system's CAs, or {@code -Djavax.net.ssl.trustStore}) and, optionally, the CA certificates
 * of a PEM file, e.g. a private CA that signed the coordinator's or the reverse proxy's
 * certificate. JDK only: one PKIX {@link TrustManagerFactory} over a key store that holds both.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * The X.509 certificates in a PEM file ({@code -----BEGIN CERTIFICATE-----} blocks, one or more).
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static List<X509Certificate> readPem(Path pem) {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(pem + " cannot be read (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not a PEM file of X.509 certificates (" + e.getMessage()
                    + ")", e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(pem + " holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)");
        }
        return List.copyOf(out);
    }

    /**
     * An {@link SSLContext} that trusts the JVM's default trust anchors and the certificates of
     * {@code caFile}; with a null {@code caFile}, the JVM's default context.
     */
    public static SSLContext context(Path caFile) {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{trustManager(caFile)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with " + caFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The PKIX trust manager over one key store holding the JVM's default trust anchors and the
     * certificates of {@code caFile}.
     */
    public static X509TrustManager trustManager(Path caFile) throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (X509Certificate system : systemTrustManager().getAcceptedIssuers()) {
            anchors.setCertificateEntry("system-" + n++, system);
        }
        n = 0;
        for (X509Certificate extra : readPem(caFile)) {
            anchors.setCertificateEntry("ca-file-" + n++, extra);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        return x509(tmf);
    }

    /** The trust manager over the JVM's default trust store. */
    static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        return x509(tmf);
    }

    private static X509TrustManager x509(TrustManagerFactory tmf) throws GeneralSecurityException {
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JVM has no X.509 trust manager");
    }
}
