package org.flotilla.model.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * A certificate authority made in a test (Bouncy Castle's certificate builder over JDK keys,
 * ECDSA P-256): it issues server certificates for names and addresses (subject alternative
 * names), written as PEM files the way a deployment holds them.
 */
public final class TestCa {

    /** A server certificate and its key as PEM files: {@code certificate} holds the leaf, then the CA. */
    public record Issued(Path certificate, Path privateKey, X509Certificate leaf, KeyPair keys, TestCa ca) {

        /** An {@link SSLContext} that serves this certificate (for a JDK {@code HttpsServer}). */
        public SSLContext serverContext() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                char[] pw = "test".toCharArray();
                ks.setKeyEntry("server", keys.getPrivate(), pw, new java.security.cert.Certificate[]{leaf, ca.certificate});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    private final X500Name name;

    private TestCa(String commonName) {
        this.keys = ecKeys();
        this.name = new X500Name("CN=" + commonName);
        try {
            X509v3CertificateBuilder b = builder(name, name, keys, Duration.ofDays(1));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            this.certificate = sign(b, keys);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new self-signed CA valid from now for a day. */
    public static TestCa create(String commonName) {
        return new TestCa(commonName);
    }

    /** The CA's own certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate as PEM to {@code file} (what a client is given to trust). */
    public Path writeCertificate(Path file) {
        return write(file, pem(certificate));
    }

    /**
     * Issues a server certificate valid for {@code validity} from now, for {@code names} (DNS names,
     * or IP addresses such as {@code 127.0.0.1}), and writes {@code <stem>.pem} (leaf then CA
     * certificate) and {@code <stem>-key.pem} (PKCS#8, unencrypted) into {@code dir}.
     */
    public Issued issueServer(Path dir, String stem, Duration validity, String... names) {
        KeyPair server = ecKeys();
        try {
            X509v3CertificateBuilder b = builder(name, new X500Name("CN=" + names[0]), server, validity);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<GeneralName> alt = new ArrayList<>();
            for (String n : names) {
                alt.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            X509Certificate leaf = sign(b, keys);
            Path cert = write(dir.resolve(stem + ".pem"), pem(leaf) + pem(certificate));
            Path key = write(dir.resolve(stem + "-key.pem"), pem(new JcaPKCS8Generator(server.getPrivate(), null)));
            return new Issued(cert, key, leaf, server, this);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As {@link #issueServer(Path, String, Duration, String...)}, valid for a day. */
    public Issued issueServer(Path dir, String stem, String... names) {
        return issueServer(dir, stem, Duration.ofDays(1), names);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys,
                                                    Duration validity) {
        Instant now = Instant.now();
        Instant from = validity.isNegative() ? now.plus(validity).minus(Duration.ofHours(1)) : now.minus(Duration.ofMinutes(5));
        Instant to = validity.isNegative() ? now.plus(validity) : now.plus(validity);
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(from), Date.from(to), subject, subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            if (o instanceof PemObjectGenerator g) {
                w.writeObject(g);
            } else {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s.toString();
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
