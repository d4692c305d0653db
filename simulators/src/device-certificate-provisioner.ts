import { statSync } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  AttachPolicyCommand,
  AttachThingPrincipalCommand,
  CreateKeysAndCertificateCommand,
  IoTClient,
  type IoTClientConfig,
} from '@aws-sdk/client-iot';
import { z } from 'zod';
import { forEachConcurrently } from './concurrency';
import { ROOT_CA_FILE, certificateFiles } from './device-connection';

export const AMAZON_ROOT_CA_URL = 'https://www.amazontrust.com/repository/AmazonRootCA1.pem';

/** The part of `IoTClient` the provisioner uses; tests pass a real one aimed at the emulators. */
export interface IotCertificateClient {
  send(
    command: CreateKeysAndCertificateCommand | AttachPolicyCommand | AttachThingPrincipalCommand,
  ): Promise<unknown>;
}

export interface DeviceCertificateProvisionerOptions {
  /** Where `{thing}.cert.pem`, `{thing}.private.key` and `AmazonRootCA1.pem` live. */
  readonly certDir: string;
  /** Attached to every new certificate: a deployed stack's `FleetDevicePolicyName` output. */
  readonly policyName: string;
  /** Default: an `IoTClient` for `region`; its endpoint comes from `AWS_ENDPOINT_URL_IOT` if set. */
  readonly client?: IotCertificateClient;
  readonly region?: string;
  readonly clientConfig?: IoTClientConfig;
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
  /** Things must be registered already: their certificates are attached to them. */
  ensure(thingNames: readonly string[]): Promise<DeviceCertificateSummary>;
}

/**
 * Why devices could not connect with the certificates of `certDir`, if they could not: the root
 * CA is the one file the provisioner cannot create. Checked before any certificate is made.
 */
export function missingRootCa(certDir: string): string | undefined {
  const file = join(certDir, ROOT_CA_FILE);
  if (statSync(file, { throwIfNoEntry: false })?.isFile() === true) return undefined;
  return (
    `${file} is missing: devices need Amazon Root CA 1 to trust AWS IoT Core; ` +
    `fetch it from ${AMAZON_ROOT_CA_URL} into ${certDir}`
  );
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

/**
 * Written to a temp file and renamed into place, so the name never holds half a PEM. The mode is
 * set before anything is written: a private key is never readable by others, even briefly.
 */
async function writeFileAtomically(file: string, contents: string, mode: number): Promise<void> {
  const temp = `${file}.tmp`;
  const handle = await open(temp, 'w', mode);
  try {
    // `open` applies the mode only to a new file (and through the umask); a leftover temp file
    // from a crashed run keeps its own.
    await handle.chmod(mode);
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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
  return {
    certDir,
    policyName,
    async ensure(thingNames) {
      const missing = missingRootCa(certDir);
      if (missing !== undefined) throw new Error(missing);
      const ownClient = options.client
        ? undefined
        : new IoTClient({
            ...(options.region ? { region: options.region } : {}),
            ...options.clientConfig,
          });
      const client: IotCertificateClient = options.client ?? (ownClient as IoTClient);
      const outcomes: ('created' | 'reused')[] = [];
      try {
        await forEachConcurrently(thingNames, concurrency, async (thingName, index) => {
          outcomes[index] = await ensureThingCertificate(client, thingName, certDir, policyName);
        });
      } finally {
        ownClient?.destroy();
      }
      return {
        created: thingNames.filter((_, index) => outcomes[index] === 'created'),
        reused: thingNames.filter((_, index) => outcomes[index] === 'reused'),
      };
    },
  };
}
