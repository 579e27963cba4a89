package io.jsentinel.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads the PEM files Redis accepts: certificate chains, and private keys in PKCS#8 ("PRIVATE KEY"),
 * encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", with {@code tls-key-file-pass}) and PKCS#1 RSA
 * ("RSA PRIVATE KEY", which OpenSSL's older tools and Redis' own test scripts produce). Legacy
 * OpenSSL-encrypted PKCS#1 ("Proc-Type: 4,ENCRYPTED") and SEC1 EC keys are refused with a clear message.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order. */
    public static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(file)) {
            if (b.type.equals("CERTIFICATE") || b.type.equals("TRUSTED CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate found in " + file);
        }
        return out;
    }

    /** The first private key in {@code file}. */
    public static PrivateKey privateKey(Path file, String password) throws IOException, GeneralSecurityException {
        for (Block b : blocks(file)) {
            switch (b.type) {
                case "PRIVATE KEY":
                    return decode(b.der);
                case "RSA PRIVATE KEY":
                    if (b.encryptedLegacy) {
                        throw new GeneralSecurityException("legacy encrypted RSA key in " + file
                                + " is not supported; convert it with 'openssl pkcs8 -topk8'");
                    }
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(rsaPkcs1ToPkcs8(b.der)));
                case "ENCRYPTED PRIVATE KEY":
                    if (password == null) {
                        throw new GeneralSecurityException("encrypted key in " + file + " needs tls-key-file-pass");
                    }
                    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(b.der);
                    SecretKeyFactory skf = SecretKeyFactory.getInstance(info.getAlgName());
                    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(info.getAlgName());
                    cipher.init(javax.crypto.Cipher.DECRYPT_MODE,
                            skf.generateSecret(new PBEKeySpec(password.toCharArray())), info.getAlgParameters());
                    return decode(info.getKeySpec(cipher).getEncoded());
                case "EC PRIVATE KEY":
                    throw new GeneralSecurityException("SEC1 EC key in " + file
                            + " is not supported; convert it with 'openssl pkcs8 -topk8 -nocrypt'");
                default:
                    break;
            }
        }
        throw new GeneralSecurityException("no private key found in " + file);
    }

    private static PrivateKey decode(byte[] pkcs8) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        GeneralSecurityException last = null;
        for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "DSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("unsupported private key algorithm", last);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL params). */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algorithm);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int len) {
        if (len < 0x80) {
            return new byte[] {(byte) len};
        }
        if (len < 0x100) {
            return new byte[] {(byte) 0x81, (byte) len};
        }
        if (len < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
        }
        return new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
    }

    private record Block(String type, byte[] der, boolean encryptedLegacy) {
    }

    private static List<Block> blocks(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            StringBuilder b64 = new StringBuilder();
            boolean legacy = false;
            for (String line : m.group(2).split("\\R")) {
                if (line.contains(":")) {
                    legacy |= line.startsWith("Proc-Type") && line.contains("ENCRYPTED");
                } else {
                    b64.append(line.trim());
                }
            }
            try {
                out.add(new Block(m.group(1), Base64.getDecoder().decode(b64.toString()), legacy));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("bad base64 in " + file + ": " + e.getMessage());
            }
        }
        return out;
    }
}
