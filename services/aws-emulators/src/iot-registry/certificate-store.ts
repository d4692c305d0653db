import { randomUUID } from 'node:crypto';
import { epochSeconds } from '../edge/epoch-seconds';
import { invalidRequest, resourceNotFound } from '../iot-errors';
import type { Clock } from '../ports';
import { issueDeviceCertificate } from './certificate-issuer';
import { type IotScope, iotArn, nameFromArn } from './iot-names';
import type { CertificateRecord } from './iot-security-state';

export interface CertificateStoreOptions extends IotScope {
  readonly clock?: Clock;
  /** Called after every change, e.g. to schedule persisting `snapshot()`. */
  readonly onChange?: () => void;
  readonly certificates?: readonly CertificateRecord[];
}

/** Device certificates AWS IoT issued (CreateKeysAndCertificate), by certificate id. */
export class CertificateStore {
  private readonly certificates = new Map<string, CertificateRecord>();
  private readonly clock: Clock;

  constructor(private readonly options: CertificateStoreOptions) {
    this.clock = options.clock ?? Date.now;
    for (const certificate of options.certificates ?? []) {
      this.certificates.set(certificate.certificateId, certificate);
    }
  }

  snapshot(): CertificateRecord[] {
    return [...this.certificates.values()];
  }

  certificateArn(certificateId: string): string {
    return iotArn(this.options, 'cert', certificateId);
  }

  /**
   * The certificate a principal ARN names. Only certificates of this account can be principals
   * here (AWS also takes Cognito identities, which nothing local uses).
   */
  requireByArn(principal: string): CertificateRecord {
    const certificateId = nameFromArn(this.options, 'cert', principal);
    if (certificateId === undefined) {
      throw invalidRequest(`${principal} is not a certificate ARN of this account`);
    }
    return this.require(certificateId);
  }

  async createKeysAndCertificate(setAsActive: boolean) {
    const now = this.clock();
    const issued = await issueDeviceCertificate(now);
    const certificate: CertificateRecord = {
      certificateId: issued.certificateId,
      certificatePem: issued.certificatePem,
      status: setAsActive ? 'ACTIVE' : 'INACTIVE',
      generationId: randomUUID(),
      creationDate: now,
      lastModifiedDate: now,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
    };
    this.certificates.set(certificate.certificateId, certificate);
    this.options.onChange?.();
    return {
      certificateArn: this.certificateArn(certificate.certificateId),
      certificateId: certificate.certificateId,
      certificatePem: certificate.certificatePem,
      keyPair: { PublicKey: issued.publicKeyPem, PrivateKey: issued.privateKeyPem },
    };
  }

  describeCertificate(certificateId: string) {
    const certificate = this.require(certificateId);
    return {
      certificateDescription: {
        certificateArn: this.certificateArn(certificate.certificateId),
        certificateId: certificate.certificateId,
        status: certificate.status,
        certificatePem: certificate.certificatePem,
        ownedBy: this.options.accountId,
        creationDate: epochSeconds(certificate.creationDate),
        lastModifiedDate: epochSeconds(certificate.lastModifiedDate),
        customerVersion: 1,
        generationId: certificate.generationId,
        validity: {
          notBefore: epochSeconds(certificate.notBefore),
          notAfter: epochSeconds(certificate.notAfter),
        },
        certificateMode: 'DEFAULT',
      },
    };
  }

  private require(certificateId: string): CertificateRecord {
    const certificate = this.certificates.get(certificateId);
    if (certificate === undefined) {
      throw resourceNotFound(`The certificate ${certificateId} does not exist`);
    }
    return certificate;
  }
}
