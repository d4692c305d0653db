import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AwsServiceError } from '../edge/aws-service-error';
import { epochSeconds } from '../edge/epoch-seconds';
import { alreadyExists, invalidPageToken, resourceNotFound } from '../iot-errors';
import { compareKeys, nextPageMember, pageAfter, pagePosition } from '../paging/page-token';
import type { Clock } from '../ports';
import type { CertificateStore } from './certificate-store';
import { type IotScope, iotArn } from './iot-names';
import type { PolicyRecord } from './iot-security-state';
import type { CreatePolicyRequest, ListAttachedPoliciesQuery } from './security-requests';

export interface PolicyStoreOptions extends IotScope {
  /** Attach targets must be certificates issued here. */
  readonly certificates: CertificateStore;
  readonly clock?: Clock;
  readonly onChange?: () => void;
  readonly policies?: readonly PolicyRecord[];
}

/** AWS counts a policy document's size without its whitespace. */
const MAX_DOCUMENT_SIZE = 2048;
const DEFAULT_PAGE_SIZE = 50;

/** The outline IoT checks a policy document against; what statements allow is not evaluated. */
const policyDocumentShape = z.object({
  Version: z.string().optional(),
  Statement: z.union([
    z.array(z.record(z.string(), z.unknown())).min(1),
    z.record(z.string(), z.unknown()),
  ]),
});

function malformedPolicy(message: string): AwsServiceError {
  return new AwsServiceError('MalformedPolicyException', message, 400);
}

function checkPolicyDocument(document: string): void {
  const size = document.replace(/\s/g, '').length;
  if (size < 1 || size > MAX_DOCUMENT_SIZE) {
    throw malformedPolicy(
      `The policy document must be 1 to ${MAX_DOCUMENT_SIZE} characters long without whitespace, not ${size}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch (err) {
    throw malformedPolicy(`The policy document is not valid JSON: ${(err as Error).message}`);
  }
  if (!policyDocumentShape.safeParse(parsed).success) {
    throw malformedPolicy('The policy document must be a JSON object with a Statement');
  }
}

/**
 * IoT policies, one version each (CreatePolicy's version 1 is the default), and the
 * certificates they are attached to. Devices are not authorised against them locally; they are
 * kept so provisioning code can be run and checked against the same calls AWS answers.
 */
type StoredPolicy = Omit<PolicyRecord, 'targets'> & { readonly targets: Set<string> };

export class PolicyStore {
  private readonly policies = new Map<string, StoredPolicy>();
  private readonly clock: Clock;

  constructor(private readonly options: PolicyStoreOptions) {
    this.clock = options.clock ?? Date.now;
    for (const policy of options.policies ?? []) {
      this.policies.set(policy.policyName, { ...policy, targets: new Set(policy.targets) });
    }
  }

  snapshot(): PolicyRecord[] {
    return [...this.policies.values()].map((policy) => ({
      ...policy,
      targets: [...policy.targets],
    }));
  }

  createPolicy(policyName: string, request: CreatePolicyRequest) {
    if (this.policies.has(policyName)) {
      throw alreadyExists(`Policy cannot be created - name already exists (name=${policyName})`, {
        resourceId: policyName,
        resourceArn: this.policyArn(policyName),
      });
    }
    checkPolicyDocument(request.policyDocument);
    const now = this.clock();
    this.policies.set(policyName, {
      policyName,
      policyDocument: request.policyDocument,
      generationId: randomUUID(),
      creationDate: now,
      lastModifiedDate: now,
      targets: new Set(),
    });
    this.changed();
    return {
      policyName,
      policyArn: this.policyArn(policyName),
      policyDocument: request.policyDocument,
      policyVersionId: '1',
    };
  }

  getPolicy(policyName: string) {
    const policy = this.require(policyName);
    return {
      policyName,
      policyArn: this.policyArn(policyName),
      policyDocument: policy.policyDocument,
      defaultVersionId: '1',
      creationDate: epochSeconds(policy.creationDate),
      lastModifiedDate: epochSeconds(policy.lastModifiedDate),
      generationId: policy.generationId,
    };
  }

  /** AWS refuses to delete a policy still attached to a certificate. */
  deletePolicy(policyName: string) {
    const policy = this.require(policyName);
    if (policy.targets.size > 0) {
      throw new AwsServiceError(
        'DeleteConflictException',
        `The policy cannot be deleted as the policy is attached to one or more principals (name=${policyName})`,
        409,
      );
    }
    this.policies.delete(policyName);
    this.changed();
    return {};
  }

  /** Attaching a policy that is attached already succeeds and changes nothing. */
  attachPolicy(policyName: string, target: string) {
    const policy = this.require(policyName);
    this.options.certificates.requireByArn(target);
    if (!policy.targets.has(target)) {
      policy.targets.add(target);
      this.changed();
    }
    return {};
  }

  /** `recursive` matters for thing groups only, which cannot be targets here. */
  listAttachedPolicies(target: string, query: ListAttachedPoliciesQuery) {
    this.options.certificates.requireByArn(target);
    const listing = JSON.stringify(['ListAttachedPolicies', target]);
    const after = pagePosition(query.marker, listing, () => invalidPageToken('marker'));
    const names = [...this.policies.values()]
      .filter((policy) => policy.targets.has(target))
      .map((policy) => policy.policyName)
      .sort(compareKeys);
    const page = pageAfter(names, (name) => name, after, query.pageSize ?? DEFAULT_PAGE_SIZE);
    return {
      policies: page.items.map((name) => ({ policyName: name, policyArn: this.policyArn(name) })),
      ...nextPageMember('nextMarker', listing, page.lastKey),
    };
  }

  private policyArn(policyName: string): string {
    return iotArn(this.options, 'policy', policyName);
  }

  private require(policyName: string): StoredPolicy {
    const policy = this.policies.get(policyName);
    if (policy === undefined) throw resourceNotFound(`The policy ${policyName} does not exist`);
    return policy;
  }

  private changed(): void {
    this.options.onChange?.();
  }
}
