import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateKeysAndCertificateCommand,
  CreatePolicyCommand,
  DescribeCertificateCommand,
  IoTClient,
  ListAttachedPoliciesCommand,
  ListThingPrincipalsCommand,
} from '@aws-sdk/client-iot';
import { startLocalAws, type LocalAws } from '@fleet/aws-emulators';
import {
  AMAZON_ROOT_CA_URL,
  type DeviceCertificateProvisioner,
  deviceCertificateProvisioner,
} from '../../src/device-certificate-provisioner';
import { certificateFiles } from '../../src/device-connection';
import { iotRegistryProvisioner } from '../../src/iot-registry-provisioner';
import { startFleet } from '../../src/start-fleet';
import { thingRegistration } from '../../src/thing-provisioner';
import { planFleet } from '../../src/vehicle-profile';

const REGION = 'us-east-1';
const POLICY = 'fleet-devices';
const CERT_ARN = /^arn:aws:iot:us-east-1:000000000000:cert\/[0-9a-f]{64}$/;

/** The policy a deployed stack would create; what it allows is not evaluated locally. */
const DEVICE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iot:Connect', Resource: '*' }],
});

const things = planFleet(7, 8).map((profile) => thingRegistration(profile.identity));
const thingName = (index: number) => things[index]!.thingName;

let dataDir: string;
let aws: LocalAws;
let iot: IoTClient;
const certDirs: string[] = [];

/** A certificate directory holding only the root CA, as a user prepares it. */
function certDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-device-certs-'));
  certDirs.push(dir);
  // The provisioner only checks that it is there; devices would load it to trust AWS IoT Core.
  writeFileSync(join(dir, 'AmazonRootCA1.pem'), 'Amazon Root CA 1 would be here\n');
  return dir;
}

const principalsOf = async (name: string) =>
  (await iot.send(new ListThingPrincipalsCommand({ thingName: name }))).principals ?? [];
const policiesOf = async (target: string) =>
  (await iot.send(new ListAttachedPoliciesCommand({ target }))).policies?.map(
    (policy) => policy.policyName,
  ) ?? [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fleet-device-certs-aws-'));
  aws = await startLocalAws({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    region: REGION,
    publish: () => undefined,
  });
  iot = new IoTClient({
    endpoint: aws.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  await iot.send(new CreatePolicyCommand({ policyName: POLICY, policyDocument: DEVICE_POLICY }));
  // Things 0 to 5 are registered; 6 and 7 are left for the fleet to register itself.
  await iotRegistryProvisioner({ client: iot }).provision(things.slice(0, 6));
});

afterAll(async () => {
  iot.destroy();
  await aws.close();
  rmSync(dataDir, { recursive: true, force: true });
  for (const dir of certDirs) rmSync(dir, { recursive: true, force: true });
});

describe('deviceCertificateProvisioner', () => {
  const dir = certDir();
  let provisioner: DeviceCertificateProvisioner;
  beforeAll(() => {
    provisioner = deviceCertificateProvisioner({
      certDir: dir,
      policyName: POLICY,
      client: iot,
      concurrency: 2,
    });
  });
  const firstThree = [thingName(0), thingName(1), thingName(2)];

  it('gives each thing an active certificate with the policy, attached to it, in files', async () => {
    const summary = await provisioner.ensure(firstThree);
    expect(summary).toEqual({ created: firstThree, reused: [] });
    for (const name of firstThree) {
      const files = certificateFiles(dir, name);
      const pem = readFileSync(files.cert, 'utf8');
      const key = readFileSync(files.key, 'utf8');
      expect(statSync(files.key).mode & 0o777).toBe(0o600);
      const certificate = new X509Certificate(pem);
      expect(certificate.checkPrivateKey(createPrivateKey(key))).toBe(true);

      const principals = await principalsOf(name);
      expect(principals).toHaveLength(1);
      const certificateArn = principals[0]!;
      expect(certificateArn).toMatch(CERT_ARN);
      const certificateId = createHash('sha256').update(certificate.raw).digest('hex');
      expect(certificateArn.endsWith(`/${certificateId}`)).toBe(true);
      expect(await policiesOf(certificateArn)).toEqual([POLICY]);
      const described = await iot.send(new DescribeCertificateCommand({ certificateId }));
      expect(described.certificateDescription).toMatchObject({
        status: 'ACTIVE',
        certificatePem: pem,
      });
    }
    // Renamed into place: no temp files left beside the pairs.
    expect(readdirSync(dir).sort()).toEqual(
      [
        'AmazonRootCA1.pem',
        ...firstThree.flatMap((name) => [`${name}.cert.pem`, `${name}.private.key`]),
      ].sort(),
    );
  });

  it('creates no second certificate when run again', async () => {
    const principalsBefore = await Promise.all(firstThree.map(principalsOf));
    const filesBefore = firstThree.map((name) => readFileSync(certificateFiles(dir, name).key));
    const summary = await provisioner.ensure(firstThree);
    expect(summary).toEqual({ created: [], reused: firstThree });
    expect(await Promise.all(firstThree.map(principalsOf))).toEqual(principalsBefore);
    expect(firstThree.map((name) => readFileSync(certificateFiles(dir, name).key))).toEqual(
      filesBefore,
    );
  });

  it('leaves a thing alone whose certificate and key files exist already', async () => {
    // A certificate made by hand (say, in the IoT console) and saved for the thing.
    const own = await iot.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
    const files = certificateFiles(dir, thingName(3));
    writeFileSync(files.cert, own.certificatePem!);
    writeFileSync(files.key, own.keyPair!.PrivateKey!, { mode: 0o600 });
    const summary = await provisioner.ensure([thingName(3), thingName(4)]);
    expect(summary).toEqual({ created: [thingName(4)], reused: [thingName(3)] });
    expect(await principalsOf(thingName(3))).toEqual([]);
    expect(readFileSync(files.cert, 'utf8')).toBe(own.certificatePem);
    expect(await principalsOf(thingName(4))).toHaveLength(1);
  });

  it('replaces half a pair, certificate or key, with a new pair', async () => {
    const files = certificateFiles(dir, thingName(5));
    writeFileSync(files.cert, 'left by a run that stopped between the two files\n');
    expect((await provisioner.ensure([thingName(5)])).created).toEqual([thingName(5)]);
    const certificate = new X509Certificate(readFileSync(files.cert));
    expect(certificate.checkPrivateKey(createPrivateKey(readFileSync(files.key)))).toBe(true);

    // A key whose certificate was deleted: it matches no new certificate, so it goes.
    const staleKey = readFileSync(files.key, 'utf8');
    rmSync(files.cert);
    expect((await provisioner.ensure([thingName(5)])).created).toEqual([thingName(5)]);
    const key = readFileSync(files.key, 'utf8');
    expect(key).not.toBe(staleKey);
    expect(
      new X509Certificate(readFileSync(files.cert)).checkPrivateKey(createPrivateKey(key)),
    ).toBe(true);
    expect(await principalsOf(thingName(5))).toHaveLength(2);
  });

  it('fails on an unknown policy, naming the thing and the policy, and writes no files', async () => {
    const other = certDir();
    const unknown = deviceCertificateProvisioner({
      certDir: other,
      policyName: 'fleet-devices-typo',
      client: iot,
    });
    const error = (await unknown.ensure([thingName(0)]).then(
      () => undefined,
      (err: unknown) => err,
    )) as Error | undefined;
    expect(error?.message).toMatch(
      new RegExp(`^${thingName(0)}: AttachPolicy fleet-devices-typo failed: .*fleet-devices-typo`),
    );
    expect((error?.cause as Error | undefined)?.name).toBe('ResourceNotFoundException');
    expect(readdirSync(other)).toEqual(['AmazonRootCA1.pem']);
  });

  it('fails for a thing that is not registered, naming it', async () => {
    const other = certDir();
    const unregistered = deviceCertificateProvisioner({
      certDir: other,
      policyName: POLICY,
      client: iot,
    });
    await expect(unregistered.ensure(['sim-7-unregistered'])).rejects.toThrow(
      /^sim-7-unregistered: AttachThingPrincipal arn:aws:iot:.* failed: Thing sim-7-unregistered cannot be found/,
    );
    expect(readdirSync(other)).toEqual(['AmazonRootCA1.pem']);
  });

  it('asks for AmazonRootCA1.pem before creating any certificate', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fleet-device-certs-no-ca-'));
    certDirs.push(empty);
    const withoutCa = deviceCertificateProvisioner({
      certDir: empty,
      policyName: POLICY,
      client: iot,
    });
    const error = (await withoutCa.ensure([thingName(1)]).then(
      () => undefined,
      (err: unknown) => err,
    )) as Error | undefined;
    expect(error?.message).toContain(`${join(empty, 'AmazonRootCA1.pem')} is missing`);
    expect(error?.message).toContain(AMAZON_ROOT_CA_URL);
    expect(readdirSync(empty)).toEqual([]);
    expect(await principalsOf(thingName(1))).toHaveLength(1);
  });

  it('says in its preflight where to fetch AmazonRootCA1.pem when the directory lacks it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fleet-device-certs-no-ca-'));
    certDirs.push(empty);
    const withoutCa = deviceCertificateProvisioner({ certDir: empty, policyName: POLICY });
    const error = (await withoutCa.preflight().then(
      () => undefined,
      (err: unknown) => err,
    )) as Error | undefined;
    expect(error?.name).toBe('PreflightError');
    expect(error?.message).toBe(
      `${join(empty, 'AmazonRootCA1.pem')} is missing: devices need Amazon Root CA 1 to ` +
        `trust AWS IoT Core; fetch it from https://www.amazontrust.com/repository/AmazonRootCA1.pem into ${empty}`,
    );
    await expect(provisioner.preflight()).resolves.toBeUndefined();
  });
});

describe('startFleet in AWS IoT Core mode', () => {
  it('registers the things, then gives them certificates, before connecting', async () => {
    const dir = certDir();
    const fleetThings = [thingName(6), thingName(7)];
    const connectErrors: string[] = [];
    // Devices connect to 127.0.0.1:8883, where nothing listens: the attempt only has to come
    // after the certificate files exist, which it reads.
    const fleet = await startFleet({
      vehicles: 8,
      seed: 7,
      aws: { endpoint: '127.0.0.1', certDir: dir },
      provisioner: iotRegistryProvisioner({ client: iot }),
      deviceCertificates: deviceCertificateProvisioner({
        certDir: dir,
        policyName: POLICY,
        client: iot,
      }),
      ota: false,
      reconnectPeriodMs: 60_000,
      onError: ({ stage, error }) => {
        if (stage === 'connect') connectErrors.push((error as NodeJS.ErrnoException).code ?? '');
      },
    });
    try {
      await fleet.ready;
      for (const name of fleetThings) {
        expect(aws.registry.hasThing(name)).toBe(true);
        const [certificateArn] = await principalsOf(name);
        expect(certificateArn).toMatch(CERT_ARN);
        expect(await policiesOf(certificateArn!)).toEqual([POLICY]);
      }
      // Every vehicle got as far as the socket: its files were there to read.
      expect(connectErrors).toHaveLength(8);
      expect(new Set(connectErrors)).toEqual(new Set(['ECONNREFUSED']));
    } finally {
      await fleet.stop();
    }
  });

  it('refuses to start without AmazonRootCA1.pem before registering anything', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'fleet-device-certs-no-ca-'));
    certDirs.push(empty);
    // A fleet of its own (seed 8): none of its things is registered yet.
    const [unregistered] = planFleet(8, 1).map((profile) => profile.identity.thingName);
    await expect(
      startFleet({
        vehicles: 1,
        seed: 8,
        aws: { endpoint: '127.0.0.1', certDir: empty },
        provisioner: iotRegistryProvisioner({ client: iot }),
        deviceCertificates: deviceCertificateProvisioner({
          certDir: empty,
          policyName: POLICY,
          client: iot,
        }),
        ota: false,
      }),
    ).rejects.toMatchObject({
      name: 'PreflightError',
      message: expect.stringContaining(`${join(empty, 'AmazonRootCA1.pem')} is missing`),
    });
    expect(aws.registry.hasThing(unregistered!)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses certificates for a fleet that does not connect to AWS IoT Core', async () => {
    await expect(
      startFleet({
        vehicles: 1,
        deviceCertificates: deviceCertificateProvisioner({
          certDir: certDir(),
          policyName: POLICY,
        }),
      }),
    ).rejects.toThrow('deviceCertificates needs aws');
  });
});
