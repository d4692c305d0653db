import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CreateKeysAndCertificateCommand,
} from '@aws-sdk/client-iot';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-file';
import { forEachConcurrently } from './concurrency';
import { ROOT_CA_FILE, certificateFiles } from './device-connection';
import { type IotClientOptions, withIotClient } from './iot-client';
import { PreflightError } from './preflight-error';

export const AMAZON_ROOT_CA_URL = 'https://www.amazontrust.com/repository/AmazonRootCA1.pem';

/** The part of `IoTClient` the provisioner uses; tests pass a real one aimed at the emulators. */
export interface IotCertificateClient {
  send(
    command: CreateKeysAndCertificateCommand | AttachPolicyCommand | AttachThingPrincipalCommand,
  ): Promise<unknown>;
}

export interface DeviceCertificateProvisionerOptions extends IotClientOptions<IotCertificateClient> {
  /** Where `{thing}.cert.pem`, `{thing}.private.key` and `AmazonRootCA1.pem` live. */
  readonly certDir: string;
  /** Attached to every new certificate: a deployed stack's `FleetDevicePolicyName` output. */
  readonly policyName: string;
  /** Things provisioned at once. Default 10, well under IoT's certificate and attach rate limits. */
  readonly concurrency?: number;
}

/** Thing names, in the order they were asked for. */
export interface DeviceCertificateSummary {
  /** Given a new certificate (and files) by this run. */
  readonly created: readonly string[];
  /** Whose certificate and key files were there already. */
  readonly reused: readonly string[];
}

/** Gives things without certificate files in the certificate directory a certificate of their own. */
export interface DeviceCertificateProvisioner {
  readonly certDir: string;
  readonly policyName: string;
  /**
   * Rejects with a `PreflightError` when devices could not connect with the certificates of
   * `certDir` anyway: `AmazonRootCA1.pem` is the one file it cannot create. `startFleet` runs it
   * before registering anything; `ensure` runs it too, before creating any certificate.
   */
  preflight(): Promise<void>;
  /** Things must be registered already: their certificates are attached to them. */
  ensure(thingNames: readonly string[]): Promise<DeviceCertificateSummary>;
}

/** What CreateKeysAndCertificate must return for the files to be written. */
const issuedCertificate = z.object({
  certificateArn: z.string().min(1),
  certificatePem: z.string().includes('-----BEGIN CERTIFICATE-----'),
  keyPair: z.object({ PrivateKey: z.string().includes('PRIVATE KEY-----') }),
});
type IssuedCertificate = z.output<typeof issuedCertificate>;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function requireRootCa(certDir: string): Promise<void> {
  const file = join(certDir, ROOT_CA_FILE);
  if (await isFile(file)) return;
  throw new PreflightError(
    `${file} is missing: devices need Amazon Root CA 1 to trust AWS IoT Core; ` +
      `fetch it from ${AMAZON_ROOT_CA_URL} into ${certDir}`,
  );
}

/** Runs one step for a thing; a failure says which thing and which step. */
async function step<T>(thingName: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // Not `instanceof Error`: errors from another realm (a test VM, a worker) are errors too.
    const message = (error as { message?: unknown } | null)?.message;
    const reason = typeof message === 'string' ? message : String(error);
    throw new Error(`${thingName}: ${what} failed: ${reason}`, { cause: error });
  }
}

async function ensureThingCertificate(
  client: IotCertificateClient,
  thingName: string,
  certDir: string,
  policyName: string,
): Promise<'created' | 'reused'> {
  const files = certificateFiles(certDir, thingName);
  // Both files or nothing: a certificate without its key (a run that died between the two
  // renames) is useless, so the thing gets a new pair.
  if ((await isFile(files.cert)) && (await isFile(files.key))) return 'reused';
  const issued: IssuedCertificate = await step(thingName, 'CreateKeysAndCertificate', async () => {
    const output = await client.send(new CreateKeysAndCertificateCommand({ setAsActive: true }));
    const parsed = issuedCertificate.safeParse(output);
    if (!parsed.success) {
      throw new Error(`no usable certificate returned: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  });
  const { certificateArn } = issued;
  // A failure from here on leaves the new certificate in AWS without files; a rerun issues
  // another, and the orphan can be deleted from the IoT console.
  await step(thingName, `AttachPolicy ${policyName}`, () =>
    client.send(new AttachPolicyCommand({ policyName, target: certificateArn })),
  );
  await step(thingName, `AttachThingPrincipal ${certificateArn}`, () =>
    client.send(new AttachThingPrincipalCommand({ thingName, principal: certificateArn })),
  );
  // Files last, key last: a key file on disk means its certificate is attached and complete,
  // which is what lets a rerun reuse the pair. A lone key left from before goes first, or a
  // crash after the new certificate's rename would pair it with the wrong key.
  await step(thingName, `writing ${files.cert}`, async () => {
    await rm(files.key, { force: true });
    await writeFileAtomically(files.cert, issued.certificatePem, 0o644);
  });
  await step(thingName, `writing ${files.key}`, () =>
    writeFileAtomically(files.key, issued.keyPair.PrivateKey, 0o600),
  );
  return 'created';
}

/**
 * Creates AWS IoT certificates for things that have none in `certDir`: CreateKeysAndCertificate
 * (active), AttachPolicy, AttachThingPrincipal, then the certificate and key files where
 * `deviceConnections` reads them. Things whose files exist keep them, so reruns create nothing.
 */
export function deviceCertificateProvisioner(
  options: DeviceCertificateProvisionerOptions,
): DeviceCertificateProvisioner {
  const { certDir, policyName } = options;
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const preflight = () => requireRootCa(certDir);
  return {
    certDir,
    policyName,
    preflight,
    async ensure(thingNames) {
      await preflight();
      const outcomes: ('created' | 'reused')[] = [];
      await withIotClient(options, (client: IotCertificateClient) =>
        forEachConcurrently(thingNames, concurrency, async (thingName, index) => {
          outcomes[index] = await ensureThingCertificate(client, thingName, certDir, policyName);
        }),
      );
      return {
        created: thingNames.filter((_, index) => outcomes[index] === 'created'),
        reused: thingNames.filter((_, index) => outcomes[index] === 'reused'),
      };
    },
  };
}
