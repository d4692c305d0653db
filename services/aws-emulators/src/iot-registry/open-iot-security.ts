import { join } from 'node:path';
import type { CoalescedJsonWriter } from '../persistence/json-state-file';
import { openPersistentState } from '../persistence/persistent-state';
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
  const scope = { region: options.region, accountId: options.accountId };
  const { stores, writer } = await openPersistentState({
    file: join(options.dataDir, 'iot-security.json'),
    schema: iotSecurityState,
    build: (state, onChange) => {
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
      return { certificates, policies, thingPrincipals };
    },
    snapshot: ({ certificates, policies, thingPrincipals }): IotSecurityState => ({
      certificates: certificates.snapshot(),
      policies: policies.snapshot(),
      thingPrincipals: thingPrincipals.snapshot(),
    }),
    onPersistError: options.onPersistError,
  });
  return { ...stores, writer };
}
