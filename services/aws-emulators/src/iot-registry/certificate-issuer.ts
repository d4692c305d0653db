import { createHash, generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { asn1, md, pem, pki } from 'node-forge';

const generateRsaKeyPair = promisify(generateKeyPair);

/** What CreateKeysAndCertificate hands out: the only time anyone sees the private key. */
export interface IssuedCertificate {
  /** SHA-256 of the certificate's DER, lower-case hex: how AWS IoT names a certificate. */
  readonly certificateId: string;
  readonly certificatePem: string;
  /** SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), as AWS returns it. */
  readonly publicKeyPem: string;
  /** PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), as AWS returns it. */
  readonly privateKeyPem: string;
  /** Epoch millis. */
  readonly notBefore: number;
  readonly notAfter: number;
}

/** AWS IoT's own device certificates carry this subject and run to the end of 2049. */
const SUBJECT = [{ name: 'commonName', value: 'AWS IoT Certificate' }];
const NOT_AFTER = Date.UTC(2049, 11, 31, 23, 59, 59);

/** A positive serial of 16 random bytes (the high bit clear, so DER needs no sign byte). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/**
 * What forge's `certificate.sign` calls: it sets the signature algorithm and builds
 * `tbsCertificate`, then asks the key to sign. Node signs natively (forge's JS RSA would hold
 * the event loop ~50 ms per certificate); the digest forge hands over is left unused.
 */
function nativeSigner(certificate: pki.Certificate, privateKeyPem: string): pki.rsa.PrivateKey {
  const signer: Pick<pki.rsa.PrivateKey, 'sign'> = {
    sign: () => {
      const tbsDer = Buffer.from(asn1.toDer(certificate.tbsCertificate).getBytes(), 'binary');
      return sign('sha256', tbsDer, privateKeyPem).toString('binary');
    },
  };
  // `sign` is the only member `certificate.sign` uses.
  return signer as pki.rsa.PrivateKey;
}

/**
 * A 2048-bit RSA key pair and an X.509 certificate for its public key, as CreateKeysAndCertificate
 * issues them. The key pair comes from node (native, on the thread pool, so a burst of requests
 * does not stall the edge); node-forge builds the certificate. It is self-signed: nothing local
 * verifies a device certificate's chain (the local broker admits registered thing names), so an
 * emulator CA whose key would have to be kept across restarts buys nothing.
 */
export async function issueDeviceCertificate(now: number): Promise<IssuedCertificate> {
  const { publicKey: publicKeyPem, privateKey: privateKeyPem } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const certificate = pki.createCertificate();
  certificate.publicKey = pki.publicKeyFromPem(publicKeyPem);
  certificate.serialNumber = serialNumber();
  // Whole seconds: X.509 times carry no milliseconds.
  const notBefore = Math.floor(now / 1000) * 1000;
  certificate.validity.notBefore = new Date(notBefore);
  certificate.validity.notAfter = new Date(NOT_AFTER);
  certificate.setSubject(SUBJECT);
  certificate.setIssuer(SUBJECT);
  certificate.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  certificate.sign(nativeSigner(certificate, privateKeyPem), md.sha256.create());
  // What `pki.certificateToPem` does, keeping the DER for the id.
  const der = asn1.toDer(pki.certificateToAsn1(certificate)).getBytes();
  const certificatePem = pem.encode({ type: 'CERTIFICATE', body: der });
  return {
    certificateId: createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex'),
    certificatePem,
    publicKeyPem,
    privateKeyPem,
    notBefore,
    notAfter: NOT_AFTER,
  };
}
