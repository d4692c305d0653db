import type { IoTClient } from '@aws-sdk/client-iot';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Client } from '@opensearch-project/opensearch';

/** Everything a route's core call is given: clients created once, and the settings they need. */
export interface ApiDeps {
  readonly search: Client;
  readonly ssm: SSMClient;
  readonly iot: IoTClient;
  /** SSM path of the fleet settings, e.g. `/fleet/config`. */
  readonly configPath: string;
  /** A vehicle silent for longer than this shows as offline on the map. */
  readonly offlineAfterMs: number;
  readonly now: () => number;
  /** `arn:aws:iot:{region}:{account}`, for thing ARNs in job targets. */
  readonly iotArnPrefix: string;
}
