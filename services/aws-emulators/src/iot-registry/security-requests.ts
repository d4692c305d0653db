import { z } from 'zod';
import { awsEnum, awsString, queryBoolean, queryInteger } from '../edge/aws-shapes';
import { CERTIFICATE_ID_PATTERN, POLICY_NAME_PATTERN } from './iot-names';
import { THING_PRINCIPAL_TYPES } from './iot-security-state';
import { tags } from './registry-requests';

/** Request shapes of the certificate, policy and thing-principal operations. */

const policyName = awsString({ min: 1, max: 128, pattern: POLICY_NAME_PATTERN });
const certificateId = awsString({ min: 64, max: 64, pattern: CERTIFICATE_ID_PATTERN });
const maxResults = queryInteger({ min: 1, max: 250 });

export const policyNameLabel = z.object({ policyName });
export const certificateIdLabel = z.object({ certificateId });
/** ListAttachedPolicies' path label: a certificate ARN, say. */
export const targetLabel = z.object({ target: awsString({ min: 1 }) });

export const createPolicyRequest = z.object({
  policyDocument: awsString({ max: 404_600 }),
  tags: tags.optional(),
});
export type CreatePolicyRequest = z.output<typeof createPolicyRequest>;

export const createKeysAndCertificateQuery = z.object({
  setAsActive: queryBoolean().optional(),
});

export const attachPolicyRequest = z.object({ target: awsString({ min: 1 }) });

export const listAttachedPoliciesQuery = z.object({
  recursive: queryBoolean().optional(),
  marker: awsString({ max: 1024 }).optional(),
  pageSize: maxResults.optional(),
});
export type ListAttachedPoliciesQuery = z.output<typeof listAttachedPoliciesQuery>;

/** AttachThingPrincipal's and DetachThingPrincipal's principal comes in `x-amzn-principal`. */
export const thingPrincipalRequest = z.object({
  principal: awsString({ min: 1 }),
  thingPrincipalType: awsEnum(THING_PRINCIPAL_TYPES).optional(),
});
export type ThingPrincipalRequest = z.output<typeof thingPrincipalRequest>;

export const listThingPrincipalsQuery = z.object({
  nextToken: z.string().optional(),
  maxResults: maxResults.optional(),
});
export type ListThingPrincipalsQuery = z.output<typeof listThingPrincipalsQuery>;
