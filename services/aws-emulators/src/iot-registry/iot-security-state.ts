import { z } from 'zod';

/** Certificates, policies and what they are attached to, persisted in `iot-security.json`. */

export const CERTIFICATE_STATUSES = ['ACTIVE', 'INACTIVE'] as const;
export const THING_PRINCIPAL_TYPES = ['EXCLUSIVE_THING', 'NON_EXCLUSIVE_THING'] as const;

/** The private key is not kept: AWS IoT hands it out once and forgets it, and so do we. */
export const certificateRecord = z.object({
  certificateId: z.string(),
  certificatePem: z.string(),
  status: z.enum(CERTIFICATE_STATUSES),
  generationId: z.string(),
  /** Epoch millis, as the other dates here. */
  creationDate: z.number(),
  lastModifiedDate: z.number(),
  notBefore: z.number(),
  notAfter: z.number(),
});
export type CertificateRecord = z.output<typeof certificateRecord>;

export const policyRecord = z.object({
  policyName: z.string(),
  policyDocument: z.string(),
  generationId: z.string(),
  creationDate: z.number(),
  lastModifiedDate: z.number(),
  /** Certificate ARNs the policy is attached to. */
  targets: z.array(z.string()),
});
export type PolicyRecord = z.output<typeof policyRecord>;

export const thingPrincipalRecord = z.object({
  thingName: z.string(),
  /** A certificate ARN. */
  principal: z.string(),
  thingPrincipalType: z.enum(THING_PRINCIPAL_TYPES),
});
export type ThingPrincipalRecord = z.output<typeof thingPrincipalRecord>;

export const iotSecurityState = z.object({
  certificates: z.array(certificateRecord),
  policies: z.array(policyRecord),
  thingPrincipals: z.array(thingPrincipalRecord),
});
export type IotSecurityState = z.output<typeof iotSecurityState>;
