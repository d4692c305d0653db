import {
  X509Certificate,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from 'node:crypto';
import { readdirSync } from 'node:fs';
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CreateKeysAndCertificateCommand,
  type CreateKeysAndCertificateCommandOutput,
  CreatePolicyCommand,
  CreateThingCommand,
  DeletePolicyCommand,
  DeleteThingCommand,
  DescribeCertificateCommand,
  DetachThingPrincipalCommand,
  GetPolicyCommand,
  IoTClient,
  ListAttachedPoliciesCommand,
  ListThingPrincipalsCommand,
} from '@aws-sdk/client-iot';
import { type LocalAws, startLocalAws } from '../../src/start-local-aws';
import {
  ManualClock,
  authorization,
  clientConfig,
  expectAwsError,
  rawRequest,
  tempDir,
} from '../support/aws-test-kit';

const ARN = (kind: string, name: string) => `arn:aws:iot:us-east-1:000000000000:${kind}/${name}`;

/** What a fleet's devices may do: connect as their thing and publish under its topics. */
const DEVICE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'iot:Connect',
      Resource: 'arn:aws:iot:us-east-1:000000000000:client/${iot:Connection.Thing.ThingName}',
    },
  ],
});

const httpStatus = (error: Record<string, unknown>) =>
  (error.$metadata as { httpStatusCode: number }).httpStatusCode;

const clock = new ManualClock();
const data = tempDir('iot-security');
let aws: LocalAws;
let iot: IoTClient;

beforeAll(async () => {
  aws = await startLocalAws({
    host: '127.0.0.1',
    port: 0,
    dataDir: data.dir,
    clock: clock.read,
    publish: () => undefined,
  });
  iot = new IoTClient(clientConfig(aws.url));
});

afterAll(async () => {
  iot.destroy();
  await aws.close();
  data.remove();
});

const createPolicy = (policyName: string, policyDocument = DEVICE_POLICY) =>
  iot.send(new CreatePolicyCommand({ policyName, policyDocument }));
const createCertificate = (setAsActive?: boolean) =>
  iot.send(new CreateKeysAndCertificateCommand({ setAsActive }));
const attachedPolicies = async (target: string) =>
  (await iot.send(new ListAttachedPoliciesCommand({ target }))).policies ?? [];
const thingPrincipals = async (thingName: string) =>
  (await iot.send(new ListThingPrincipalsCommand({ thingName }))).principals ?? [];
/** A well-formed certificate id no certificate has. */
const UNKNOWN_CERTIFICATE_ID = 'ab'.repeat(32);

/** A request no SDK client would send, signed as `iot`. */
const rawIot = (method: string, path: string, options: { body?: string; headers?: object } = {}) =>
  rawRequest(aws.url, {
    method,
    path,
    headers: {
      authorization: authorization('iot'),
      'content-type': 'application/json',
      ...options.headers,
    },
    body: options.body,
  });

describe('IoT policies', () => {
  it('creates a policy as version 1 and returns it with GetPolicy', async () => {
    clock.advance(1_000);
    const created = await createPolicy('fleet-devices');
    expect(created).toMatchObject({
      policyName: 'fleet-devices',
      policyArn: ARN('policy', 'fleet-devices'),
      policyDocument: DEVICE_POLICY,
      policyVersionId: '1',
    });
    const policy = await iot.send(new GetPolicyCommand({ policyName: 'fleet-devices' }));
    expect(policy).toMatchObject({
      policyName: 'fleet-devices',
      policyArn: created.policyArn,
      policyDocument: DEVICE_POLICY,
      defaultVersionId: '1',
      creationDate: new Date(clock.now),
      lastModifiedDate: new Date(clock.now),
    });
    expect(policy.generationId).toEqual(expect.any(String));
  });

  it('refuses a second policy of the same name, keeping the first', async () => {
    await createPolicy('fleet-duplicate');
    const error = await expectAwsError(
      createPolicy('fleet-duplicate', '{"Statement":[{"Effect":"Deny"}]}'),
      'ResourceAlreadyExistsException',
    );
    expect(httpStatus(error)).toBe(409);
    expect(error.message).toContain('fleet-duplicate');
    expect(error.resourceArn).toBe(ARN('policy', 'fleet-duplicate'));
    const kept = await iot.send(new GetPolicyCommand({ policyName: 'fleet-duplicate' }));
    expect(kept.policyDocument).toBe(DEVICE_POLICY);
  });

  it.each([
    ['not JSON', '{"Statement": ['],
    ['without a Statement', '{"Version":"2012-10-17"}'],
    ['a JSON array', '[]'],
    ['whitespace only', '   '],
    ['over 2048 characters', JSON.stringify({ Statement: [{ Resource: 'x'.repeat(2100) }] })],
  ])('refuses a policy document that is %s with MalformedPolicyException', async (_case, doc) => {
    const error = await expectAwsError(
      createPolicy('fleet-malformed', doc),
      'MalformedPolicyException',
    );
    expect(httpStatus(error)).toBe(400);
    await expectAwsError(
      iot.send(new GetPolicyCommand({ policyName: 'fleet-malformed' })),
      'ResourceNotFoundException',
    );
  });

  it('refuses a malformed policy name or a missing document, naming the member', async () => {
    const badName = await expectAwsError(createPolicy('fleet devices'), 'InvalidRequestException');
    expect(badName.message).toBe(
      "1 validation error detected: Value 'fleet devices' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    const response = await rawIot('POST', '/policies/fleet-no-document', { body: '{}' });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(JSON.parse(response.body).message).toBe(
      "1 validation error detected: Value null at 'policyDocument' failed to satisfy constraint: Member must not be null",
    );
  });

  it('answers GetPolicy and DeletePolicy for an unknown policy with ResourceNotFoundException', async () => {
    const error = await expectAwsError(
      iot.send(new GetPolicyCommand({ policyName: 'fleet-never' })),
      'ResourceNotFoundException',
    );
    expect(httpStatus(error)).toBe(404);
    expect(error.message).toContain('fleet-never');
    await expectAwsError(
      iot.send(new DeletePolicyCommand({ policyName: 'fleet-never' })),
      'ResourceNotFoundException',
    );
  });

  it('deletes a policy that is attached to nothing', async () => {
    await createPolicy('fleet-short-lived');
    await iot.send(new DeletePolicyCommand({ policyName: 'fleet-short-lived' }));
    await expectAwsError(
      iot.send(new GetPolicyCommand({ policyName: 'fleet-short-lived' })),
      'ResourceNotFoundException',
    );
    // The name is free again.
    await expect(createPolicy('fleet-short-lived')).resolves.toBeDefined();
  });
});

describe('CreateKeysAndCertificate and DescribeCertificate', () => {
  let issued: CreateKeysAndCertificateCommandOutput;
  beforeAll(async () => {
    clock.advance(60_000);
    issued = await createCertificate(true);
  });

  it('issues an X.509 certificate named by the SHA-256 of its DER', () => {
    const certificate = new X509Certificate(issued.certificatePem!);
    const sha256 = createHash('sha256').update(certificate.raw).digest('hex');
    expect(issued.certificateId).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.certificateId).toBe(sha256);
    expect(issued.certificateArn).toBe(ARN('cert', sha256));
    expect(certificate.subject).toBe('CN=AWS IoT Certificate');
    // Self-signed: its own public key verifies the signature node made over the TBS part.
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(new Date(certificate.validFrom).getTime()).toBe(clock.now);
    expect(new Date(certificate.validTo).getTime()).toBe(Date.UTC(2049, 11, 31, 23, 59, 59));
  });

  it('returns the 2048-bit RSA key pair the certificate is for', () => {
    const certificate = new X509Certificate(issued.certificatePem!);
    const privateKey = createPrivateKey(issued.keyPair!.PrivateKey!);
    expect(issued.keyPair!.PrivateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(privateKey.asymmetricKeyType).toBe('rsa');
    expect(privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(certificate.checkPrivateKey(privateKey)).toBe(true);
    // What mutual TLS proves: the holder of the private key signs, the certificate verifies.
    const challenge = Buffer.from('CONNECT sim-1-00000');
    const signature = sign('sha256', challenge, privateKey);
    expect(verify('sha256', challenge, certificate.publicKey, signature)).toBe(true);
    expect(verify('sha256', Buffer.from('tampered'), certificate.publicKey, signature)).toBe(false);
    const publicKey = createPublicKey(issued.keyPair!.PublicKey!);
    expect(publicKey.equals(certificate.publicKey)).toBe(true);
  });

  it('describes the certificate as ACTIVE, with its PEM and dates', async () => {
    const { certificateDescription } = await iot.send(
      new DescribeCertificateCommand({ certificateId: issued.certificateId }),
    );
    expect(certificateDescription).toMatchObject({
      certificateArn: issued.certificateArn,
      certificateId: issued.certificateId,
      status: 'ACTIVE',
      certificatePem: issued.certificatePem,
      ownedBy: '000000000000',
      creationDate: new Date(clock.now),
      lastModifiedDate: new Date(clock.now),
      validity: {
        notBefore: new Date(clock.now),
        notAfter: new Date(Date.UTC(2049, 11, 31, 23, 59, 59)),
      },
    });
  });

  it('leaves a certificate INACTIVE unless setAsActive is true', async () => {
    for (const setAsActive of [false, undefined]) {
      const { certificateId } = await createCertificate(setAsActive);
      const { certificateDescription } = await iot.send(
        new DescribeCertificateCommand({ certificateId }),
      );
      expect(certificateDescription?.status).toBe('INACTIVE');
    }
  });

  it('issues a new key and certificate on every call', async () => {
    const other = await createCertificate(true);
    expect(other.certificateId).not.toBe(issued.certificateId);
    expect(other.keyPair!.PrivateKey).not.toBe(issued.keyPair!.PrivateKey);
    expect(
      new X509Certificate(other.certificatePem!).checkPrivateKey(
        createPrivateKey(issued.keyPair!.PrivateKey!),
      ),
    ).toBe(false);
  });

  it('answers an unknown certificate with ResourceNotFoundException', async () => {
    const error = await expectAwsError(
      iot.send(new DescribeCertificateCommand({ certificateId: UNKNOWN_CERTIFICATE_ID })),
      'ResourceNotFoundException',
    );
    expect(httpStatus(error)).toBe(404);
  });

  it('refuses a malformed certificate id or setAsActive, naming the member', async () => {
    const shortId = await expectAwsError(
      iot.send(new DescribeCertificateCommand({ certificateId: 'abc123' })),
      'InvalidRequestException',
    );
    expect(shortId.message).toBe(
      "1 validation error detected: Value 'abc123' at 'certificateId' failed to satisfy constraint: Member must have length greater than or equal to 64",
    );
    const response = await rawIot('POST', '/keys-and-certificate?setAsActive=yes');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toBe(
      "1 validation error detected: Value 'yes' at 'setAsActive' failed to satisfy constraint: Member must be true or false",
    );
  });
});

describe('AttachPolicy and ListAttachedPolicies', () => {
  let certificateArn: string;
  beforeAll(async () => {
    await createPolicy('fleet-attach-a');
    await createPolicy('fleet-attach-b');
    certificateArn = (await createCertificate(true)).certificateArn!;
  });

  it('attaches policies to a certificate, once each, and lists them in name order', async () => {
    expect(await attachedPolicies(certificateArn)).toEqual([]);
    await iot.send(
      new AttachPolicyCommand({ policyName: 'fleet-attach-b', target: certificateArn }),
    );
    await iot.send(
      new AttachPolicyCommand({ policyName: 'fleet-attach-a', target: certificateArn }),
    );
    await iot.send(
      new AttachPolicyCommand({ policyName: 'fleet-attach-a', target: certificateArn }),
    );
    expect(await attachedPolicies(certificateArn)).toEqual([
      { policyName: 'fleet-attach-a', policyArn: ARN('policy', 'fleet-attach-a') },
      { policyName: 'fleet-attach-b', policyArn: ARN('policy', 'fleet-attach-b') },
    ]);
  });

  it('pages the attached policies with pageSize and marker', async () => {
    const first = await iot.send(
      new ListAttachedPoliciesCommand({ target: certificateArn, pageSize: 1 }),
    );
    expect(first.policies?.map((p) => p.policyName)).toEqual(['fleet-attach-a']);
    expect(first.nextMarker).toEqual(expect.any(String));
    const second = await iot.send(
      new ListAttachedPoliciesCommand({
        target: certificateArn,
        pageSize: 1,
        marker: first.nextMarker,
      }),
    );
    expect(second.policies?.map((p) => p.policyName)).toEqual(['fleet-attach-b']);
    expect(second.nextMarker).toBeUndefined();
  });

  it('refuses to delete a policy while it is attached', async () => {
    const error = await expectAwsError(
      iot.send(new DeletePolicyCommand({ policyName: 'fleet-attach-a' })),
      'DeleteConflictException',
    );
    expect(httpStatus(error)).toBe(409);
    expect(error.message).toContain('attached');
  });

  it('refuses an unknown policy or certificate with ResourceNotFoundException', async () => {
    const noPolicy = await expectAwsError(
      iot.send(new AttachPolicyCommand({ policyName: 'fleet-missing', target: certificateArn })),
      'ResourceNotFoundException',
    );
    expect(noPolicy.message).toContain('fleet-missing');
    const unknownArn = ARN('cert', UNKNOWN_CERTIFICATE_ID);
    const noCertificate = await expectAwsError(
      iot.send(new AttachPolicyCommand({ policyName: 'fleet-attach-a', target: unknownArn })),
      'ResourceNotFoundException',
    );
    expect(noCertificate.message).toContain(UNKNOWN_CERTIFICATE_ID);
    await expectAwsError(
      iot.send(new ListAttachedPoliciesCommand({ target: unknownArn })),
      'ResourceNotFoundException',
    );
  });

  it('refuses a target that is no certificate of this account, or none at all', async () => {
    for (const target of [
      ARN('thing', 'car-1'),
      certificateArn.replace('000000000000', '111111111111'),
    ]) {
      const error = await expectAwsError(
        iot.send(new AttachPolicyCommand({ policyName: 'fleet-attach-a', target })),
        'InvalidRequestException',
      );
      expect(error.message).toContain(target);
    }
    const response = await rawIot('PUT', '/target-policies/fleet-attach-a', { body: '{}' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toBe(
      "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null",
    );
  });
});

describe('thing principals', () => {
  let certificateArn: string;
  beforeAll(async () => {
    for (const thingName of ['car-p1', 'car-p2', 'car-p3']) {
      await iot.send(new CreateThingCommand({ thingName }));
    }
    certificateArn = (await createCertificate(true)).certificateArn!;
  });

  it('attaches a certificate to a thing, once, and lists it', async () => {
    expect(await thingPrincipals('car-p1')).toEqual([]);
    await iot.send(
      new AttachThingPrincipalCommand({ thingName: 'car-p1', principal: certificateArn }),
    );
    await iot.send(
      new AttachThingPrincipalCommand({ thingName: 'car-p1', principal: certificateArn }),
    );
    expect(await thingPrincipals('car-p1')).toEqual([certificateArn]);
  });

  it('pages principals with maxResults and nextToken', async () => {
    const second = (await createCertificate(true)).certificateArn!;
    await iot.send(new AttachThingPrincipalCommand({ thingName: 'car-p1', principal: second }));
    const expected = [certificateArn, second].sort();
    const first = await iot.send(
      new ListThingPrincipalsCommand({ thingName: 'car-p1', maxResults: 1 }),
    );
    expect(first.principals).toEqual([expected[0]]);
    const rest = await iot.send(
      new ListThingPrincipalsCommand({
        thingName: 'car-p1',
        maxResults: 1,
        nextToken: first.nextToken,
      }),
    );
    expect(rest.principals).toEqual([expected[1]]);
    expect(rest.nextToken).toBeUndefined();
    await iot.send(new DetachThingPrincipalCommand({ thingName: 'car-p1', principal: second }));
    expect(await thingPrincipals('car-p1')).toEqual([certificateArn]);
  });

  it('refuses to delete a thing with a certificate attached until it is detached', async () => {
    await iot.send(
      new AttachThingPrincipalCommand({ thingName: 'car-p2', principal: certificateArn }),
    );
    const error = await expectAwsError(
      iot.send(new DeleteThingCommand({ thingName: 'car-p2' })),
      'InvalidRequestException',
    );
    expect(error.message).toBe(
      'Cannot delete. Thing car-p2 is still attached to one or more principals',
    );
    expect(aws.registry.hasThing('car-p2')).toBe(true);
    await iot.send(
      new DetachThingPrincipalCommand({ thingName: 'car-p2', principal: certificateArn }),
    );
    // Detaching again changes nothing and succeeds.
    await iot.send(
      new DetachThingPrincipalCommand({ thingName: 'car-p2', principal: certificateArn }),
    );
    await iot.send(new DeleteThingCommand({ thingName: 'car-p2' }));
    expect(aws.registry.hasThing('car-p2')).toBe(false);
  });

  it('answers an unknown thing or certificate with ResourceNotFoundException', async () => {
    const noThing = await expectAwsError(
      iot.send(
        new AttachThingPrincipalCommand({ thingName: 'car-never', principal: certificateArn }),
      ),
      'ResourceNotFoundException',
    );
    expect(noThing.message).toContain('car-never');
    await expectAwsError(
      iot.send(new ListThingPrincipalsCommand({ thingName: 'car-never' })),
      'ResourceNotFoundException',
    );
    await expectAwsError(
      iot.send(
        new DetachThingPrincipalCommand({ thingName: 'car-never', principal: certificateArn }),
      ),
      'ResourceNotFoundException',
    );
    const unknownArn = ARN('cert', UNKNOWN_CERTIFICATE_ID);
    const noCertificate = await expectAwsError(
      iot.send(new AttachThingPrincipalCommand({ thingName: 'car-p3', principal: unknownArn })),
      'ResourceNotFoundException',
    );
    expect(noCertificate.message).toContain(UNKNOWN_CERTIFICATE_ID);
    expect(await thingPrincipals('car-p3')).toEqual([]);
  });

  it('refuses a principal that is no certificate ARN, or a missing one, naming the member', async () => {
    await expectAwsError(
      iot.send(
        new AttachThingPrincipalCommand({ thingName: 'car-p3', principal: 'us-east-1:cognito-id' }),
      ),
      'InvalidRequestException',
    );
    const response = await rawIot('PUT', '/things/car-p3/principals');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toBe(
      "1 validation error detected: Value null at 'principal' failed to satisfy constraint: Member must not be null",
    );
    const badType = await rawIot('PUT', '/things/car-p3/principals?thingPrincipalType=SHARED', {
      headers: { 'x-amzn-principal': certificateArn },
    });
    expect(badType.status).toBe(400);
    expect(JSON.parse(badType.body).message).toContain("at 'thingPrincipalType'");
  });

  it('keeps an exclusively attached certificate to its one thing', async () => {
    const exclusive = (await createCertificate(true)).certificateArn!;
    await iot.send(
      new AttachThingPrincipalCommand({
        thingName: 'car-p3',
        principal: exclusive,
        thingPrincipalType: 'EXCLUSIVE_THING',
      }),
    );
    await expectAwsError(
      iot.send(new AttachThingPrincipalCommand({ thingName: 'car-p1', principal: exclusive })),
      'InvalidRequestException',
    );
    // certificateArn is shared with car-p1 already, so it cannot become exclusive to car-p3.
    await expectAwsError(
      iot.send(
        new AttachThingPrincipalCommand({
          thingName: 'car-p3',
          principal: certificateArn,
          thingPrincipalType: 'EXCLUSIVE_THING',
        }),
      ),
      'InvalidRequestException',
    );
    expect(await thingPrincipals('car-p3')).toEqual([exclusive]);
  });

  it('keeps an exclusive attachment exclusive when it is attached again without a type', async () => {
    const exclusive = (await createCertificate(true)).certificateArn!;
    await iot.send(
      new AttachThingPrincipalCommand({
        thingName: 'car-p3',
        principal: exclusive,
        thingPrincipalType: 'EXCLUSIVE_THING',
      }),
    );
    await iot.send(new AttachThingPrincipalCommand({ thingName: 'car-p3', principal: exclusive }));
    const error = await expectAwsError(
      iot.send(new AttachThingPrincipalCommand({ thingName: 'car-p1', principal: exclusive })),
      'InvalidRequestException',
    );
    expect(error.message).toBe(`${exclusive} is attached exclusively to thing car-p3`);
    expect(await thingPrincipals('car-p1')).not.toContain(exclusive);
  });
});

describe('certificates and policies across a restart', () => {
  it('keep their documents, status and attachments in iot-security.json', async () => {
    const restart = tempDir('iot-security-restart');
    const start = () =>
      startLocalAws({
        host: '127.0.0.1',
        port: 0,
        dataDir: restart.dir,
        clock: clock.read,
        publish: () => undefined,
      });
    let local = await start();
    let client = new IoTClient(clientConfig(local.url));
    try {
      await client.send(new CreateThingCommand({ thingName: 'car-restart' }));
      await client.send(
        new CreatePolicyCommand({ policyName: 'fleet-restart', policyDocument: DEVICE_POLICY }),
      );
      const issued = await client.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
      await client.send(
        new AttachPolicyCommand({ policyName: 'fleet-restart', target: issued.certificateArn }),
      );
      await client.send(
        new AttachThingPrincipalCommand({
          thingName: 'car-restart',
          principal: issued.certificateArn,
        }),
      );
      const before = await client.send(
        new DescribeCertificateCommand({ certificateId: issued.certificateId }),
      );
      client.destroy();
      await local.close();
      expect(readdirSync(restart.dir).sort()).toEqual(['iot-registry.json', 'iot-security.json']);

      local = await start();
      client = new IoTClient(clientConfig(local.url));
      const after = await client.send(
        new DescribeCertificateCommand({ certificateId: issued.certificateId }),
      );
      expect(after.certificateDescription).toEqual(before.certificateDescription);
      const policy = await client.send(new GetPolicyCommand({ policyName: 'fleet-restart' }));
      expect(policy.policyDocument).toBe(DEVICE_POLICY);
      expect(
        (await client.send(new ListAttachedPoliciesCommand({ target: issued.certificateArn })))
          .policies,
      ).toEqual([{ policyName: 'fleet-restart', policyArn: ARN('policy', 'fleet-restart') }]);
      expect(
        (await client.send(new ListThingPrincipalsCommand({ thingName: 'car-restart' })))
          .principals,
      ).toEqual([issued.certificateArn]);
      // The attachment still guards the thing and the policy.
      await expectAwsError(
        client.send(new DeleteThingCommand({ thingName: 'car-restart' })),
        'InvalidRequestException',
      );
      await expectAwsError(
        client.send(new DeletePolicyCommand({ policyName: 'fleet-restart' })),
        'DeleteConflictException',
      );
    } finally {
      client.destroy();
      await local.close();
      restart.remove();
    }
  });
});
