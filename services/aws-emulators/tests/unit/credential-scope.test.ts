import { credentialScope } from '../../src/edge/credential-scope';

describe('credentialScope', () => {
  it('reads the service and region of a SigV4 Authorization header', () => {
    const result = credentialScope(
      'AWS4-HMAC-SHA256 Credential=AKID/20261201/eu-west-1/iot-jobs-data/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
      null,
    );
    expect(result).toEqual({
      ok: true,
      scope: {
        accessKeyId: 'AKID',
        date: '20261201',
        region: 'eu-west-1',
        service: 'iot-jobs-data',
      },
    });
  });

  it('reads a SigV4a scope, which has no region', () => {
    const result = credentialScope(
      'AWS4-ECDSA-P256-SHA256 Credential=AKID/20261201/ssm/aws4_request, SignedHeaders=host, Signature=abc',
      null,
    );
    expect(result).toEqual({
      ok: true,
      scope: { accessKeyId: 'AKID', date: '20261201', service: 'ssm' },
    });
  });

  it('reads the X-Amz-Credential of a presigned URL when there is no header', () => {
    const result = credentialScope(undefined, 'AKID/20261201/us-east-1/iot/aws4_request');
    expect(result.ok && result.scope.service).toBe('iot');
  });

  it('reports an unsigned request as missing', () => {
    expect(credentialScope(undefined, null)).toMatchObject({ ok: false, missing: true });
    expect(credentialScope('', '')).toMatchObject({ ok: false, missing: true });
  });

  it.each([
    ['no Credential=', 'Bearer abc'],
    ['too few parts', 'AWS4-HMAC-SHA256 Credential=AKID/20261201/aws4_request, Signature=x'],
    ['a bad date', 'AWS4-HMAC-SHA256 Credential=AKID/2026-12-01/us-east-1/iot/aws4_request'],
    ['a wrong terminator', 'AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1/iot/aws4'],
    ['an empty service', 'AWS4-HMAC-SHA256 Credential=AKID/20261201/us-east-1//aws4_request'],
    ['an empty region', 'AWS4-HMAC-SHA256 Credential=AKID/20261201//iot/aws4_request'],
  ])('refuses a header with %s, saying why', (_case, header) => {
    const result = credentialScope(header, null);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.missing).toBe(false);
    expect(!result.ok && result.reason).toMatch(/Credential|scope/);
  });
});
