import { join } from 'node:path';
import { CoalescedJsonWriter, readJsonState } from '../persistence/json-state-file';
import type { Clock, ThingDirectory } from '../ports';
import { CertificateStore } from './certificate-store';
import { type IotSecurityState, iotSecurityState } from './iot-security-state';
import { PolicyStore } from './policy-store';
import { ThingPrincipals } from './thing-principals';

export interface OpenIotSecurityOptions {
  /** `iot-security.json` lives here. */
  readonly dataDir: string;
  readonly region: string;
  readonly accountId: string;
  /** The registry whose things certificates are attached to. */
  readonly things: Pick<ThingDirectory, 'hasThing'>;
  readonly clock?: Clock;
  readonly onPersistError?: (err: unknown) => void;
}

/** Device certificates, IoT policies and their attachments: who a device is, what it may do. */
export interface IotSecurity {
  readonly certificates: CertificateStore;
  readonly policies: PolicyStore;
  readonly thingPrincipals: ThingPrincipals;
  readonly writer: CoalescedJsonWriter;
}

/** The stores restored from `${dataDir}/iot-security.json`, saving themselves there after changes. */
export async function openIotSecurity(options: OpenIotSecurityOptions): Promise<IotSecurity> {
  const file = join(options.dataDir, 'iot-security.json');
  const state = await readJsonState(file, iotSecurityState);
  const holder: { writer?: CoalescedJsonWriter } = {};
  const onChange = () => holder.writer?.markDirty();
  const scope = { region: options.region, accountId: options.accountId };
  const certificates = new CertificateStore({
    ...scope,
    clock: options.clock,
    onChange,
    certificates: state?.certificates,
  });
  const policies = new PolicyStore({
    ...scope,
    certificates,
    clock: options.clock,
    onChange,
    policies: state?.policies,
  });
  const thingPrincipals = new ThingPrincipals({
    things: options.things,
    certificates,
    onChange,
    attachments: state?.thingPrincipals,
  });
  const snapshot = (): IotSecurityState => ({
    certificates: certificates.snapshot(),
    policies: policies.snapshot(),
    thingPrincipals: thingPrincipals.snapshot(),
  });
  const writer = new CoalescedJsonWriter(file, snapshot, { onError: options.onPersistError });
  holder.writer = writer;
  return { certificates, policies, thingPrincipals, writer };
}
