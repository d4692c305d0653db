/** The SigV4 credential scope: `AKID/20261201/us-east-1/iot/aws4_request`. */
export interface CredentialScope {
  readonly accessKeyId: string;
  /** `yyyymmdd`. */
  readonly date: string;
  /** Absent for SigV4a, whose scope carries no region. */
  readonly region?: string;
  /** The signing name, which is how the edge tells services apart. */
  readonly service: string;
}

export type CredentialScopeResult =
  | { readonly ok: true; readonly scope: CredentialScope }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

const CREDENTIAL = /(?:^|[\s,])Credential=([^,\s]+)/;

/**
 * Reads the credential scope from the `Authorization` header, or from `X-Amz-Credential` of a
 * presigned URL. Signatures are not verified: local mode runs on dummy credentials.
 */
export function credentialScope(
  authorization: string | undefined,
  queryCredential: string | null,
): CredentialScopeResult {
  let credential: string | undefined;
  if (authorization !== undefined && authorization !== '') {
    credential = CREDENTIAL.exec(authorization)?.[1];
    if (credential === undefined) {
      return {
        ok: false,
        missing: false,
        reason: 'the Authorization header has no SigV4 Credential=… scope',
      };
    }
  } else if (queryCredential !== null && queryCredential !== '') {
    credential = queryCredential;
  } else {
    return {
      ok: false,
      missing: true,
      reason: 'the request is not signed (no SigV4 Authorization header or X-Amz-Credential)',
    };
  }
  const parts = credential.split('/');
  // SigV4: AKID/date/region/service/aws4_request; SigV4a: AKID/date/service/aws4_request.
  const [accessKeyId, date] = parts;
  const service = parts.length === 5 ? parts[3] : parts.length === 4 ? parts[2] : undefined;
  const region = parts.length === 5 ? parts[2] : undefined;
  if (
    !accessKeyId ||
    !date ||
    !/^\d{8}$/.test(date) ||
    !service ||
    parts[parts.length - 1] !== 'aws4_request' ||
    region === ''
  ) {
    return {
      ok: false,
      missing: false,
      reason: `credential scope "${credential}" is not AKID/yyyymmdd/region/service/aws4_request`,
    };
  }
  return {
    ok: true,
    scope:
      region === undefined
        ? { accessKeyId, date, service }
        : { accessKeyId, date, region, service },
  };
}
