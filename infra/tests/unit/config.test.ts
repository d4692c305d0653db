import { loadInfraConfig } from '../../src';

const noContext = () => undefined;
const context =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

describe('loadInfraConfig', () => {
  it('defaults to a dev stage with direct ingest, 90 days of history and optional MFA', () => {
    expect(loadInfraConfig(noContext, {})).toEqual({
      stage: 'dev',
      production: false,
      ingestMode: 'direct',
      retentionDays: 90,
      logRetentionDays: 30,
      mfa: 'OPTIONAL',
      extraConsoleOrigins: [],
    });
  });

  it('reads FLEET_* variables, and context wins over them', () => {
    const env = {
      FLEET_STAGE: 'prod',
      FLEET_PRODUCTION: 'true',
      FLEET_INGEST_MODE: 'batched',
      FLEET_RETENTION_DAYS: '30',
      CDK_DEFAULT_ACCOUNT: '123456789012',
      CDK_DEFAULT_REGION: 'eu-west-1',
    };
    const config = loadInfraConfig(context({ stage: 'eu', retentionDays: 400 }), env);
    expect(config).toMatchObject({
      stage: 'eu',
      production: true,
      ingestMode: 'batched',
      retentionDays: 400,
      account: '123456789012',
      region: 'eu-west-1',
    });
  });

  it('requires MFA in production unless told otherwise', () => {
    expect(loadInfraConfig(context({ production: true }), {}).mfa).toBe('REQUIRED');
    expect(loadInfraConfig(context({ production: true, mfa: 'OPTIONAL' }), {}).mfa).toBe(
      'OPTIONAL',
    );
  });

  it('takes JSON booleans and numbers from cdk.json context', () => {
    const config = loadInfraConfig(context({ production: false, logRetentionDays: 90 }), {});
    expect(config.production).toBe(false);
    expect(config.logRetentionDays).toBe(90);
  });

  it.each([
    [{ stage: 'Prod!' }, /stage/],
    [{ ingestMode: 'kinesis' }, /ingestMode/],
    [{ retentionDays: '0' }, /retentionDays/],
    [{ logRetentionDays: '45' }, /logRetentionDays[\s\S]*CloudWatch's periods/],
    [{ production: 'yes' }, /production/],
    [{ mfa: 'SMS' }, /mfa/],
    [{ consoleDomainName: 'Fleet.Example.com', consoleCertificateArn: 'x' }, /consoleDomainName/],
    [
      {
        consoleDomainName: 'fleet.example.com',
        consoleCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123',
      },
      /consoleCertificateArn[\s\S]*us-east-1/,
    ],
    [{ apiWebAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1' }, /apiWebAclArn/],
    [
      { consoleWebAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/1' },
      /consoleWebAclArn/,
    ],
    [{ searchInstanceType: 'r7g.large' }, /searchInstanceType/],
    [{ searchDataNodes: '0' }, /searchDataNodes/],
    [{ searchVolumeGiB: '5' }, /searchVolumeGiB \(FLEET_SEARCH_VOLUME_GIB\)/],
    [{ extraConsoleOrigins: 'http://localhost:3000/app' }, /extraConsoleOrigins[\s\S]*bare origin/],
  ])('fails on %j, naming the field', (values, message) => {
    expect(() => loadInfraConfig(context(values), {})).toThrow(message);
  });

  it('fails when a custom console domain comes without its certificate, naming both variables', () => {
    expect(() =>
      loadInfraConfig(noContext, { FLEET_CONSOLE_DOMAIN_NAME: 'fleet.example.com' }),
    ).toThrow(/consoleCertificateArn[\s\S]*FLEET_CONSOLE_CERTIFICATE_ARN/);
    expect(() =>
      loadInfraConfig(noContext, {
        FLEET_CONSOLE_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      }),
    ).toThrow(/consoleDomainName/);
  });

  it('accepts a custom console domain with a us-east-1 certificate and extra origins', () => {
    const config = loadInfraConfig(noContext, {
      FLEET_CONSOLE_DOMAIN_NAME: 'fleet.example.com',
      FLEET_CONSOLE_CERTIFICATE_ARN: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123',
      FLEET_EXTRA_CONSOLE_ORIGINS: 'http://localhost:3000, https://staging.fleet.example.com',
    });
    expect(config.consoleDomainName).toBe('fleet.example.com');
    expect(config.extraConsoleOrigins).toEqual([
      'http://localhost:3000',
      'https://staging.fleet.example.com',
    ]);
  });

  it('treats empty variables as unset', () => {
    const config = loadInfraConfig(noContext, {
      FLEET_CONSOLE_DOMAIN_NAME: '',
      FLEET_API_WEB_ACL_ARN: ' ',
    });
    expect(config.consoleDomainName).toBeUndefined();
    expect(config.apiWebAclArn).toBeUndefined();
  });
});
