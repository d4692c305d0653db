import { DEVICE_MESSAGE_KINDS } from '@fleet/device-contract';

/** The ingest handlers a rule can feed; `@fleet/ingest` implements one per name. */
export const INGEST_HANDLER_NAMES = [
  'telemetry',
  'dtc',
  'trip',
  'event',
  'ota',
  'registry',
] as const;
export type IngestHandlerName = (typeof INGEST_HANDLER_NAMES)[number];

/** IoT's SQL dialect; the version that supports nested objects and `topic(n)` as used here. */
export const IOT_SQL_VERSION = '2016-03-23';

export interface IotRule {
  /** The topic rule's name: letters, digits and underscores, as IoT requires. */
  readonly name: string;
  readonly description: string;
  readonly sql: string;
  /**
   * Where matching messages go: an ingest handler, or straight to the error sink with a reason
   * (for topics no handler understands, so they are never dropped silently).
   */
  readonly action:
    | { readonly kind: 'handler'; readonly handler: IngestHandlerName }
    | { readonly kind: 'error-sink'; readonly reason: string };
}

/** Device messages on a topic no handler reads: kept in the error sink, never dropped. */
const UNROUTABLE: IotRule['action'] = { kind: 'error-sink', reason: 'no handler reads this topic' };

/** The device data topics and the handler each feeds. */
const DEVICE_RULES = [
  {
    kind: 'cardata',
    handler: 'telemetry',
    description: 'Vehicle telemetry to the telemetry handler',
  },
  {
    kind: 'dtc',
    handler: 'dtc',
    description: 'Diagnostic trouble codes set or cleared to the dtc handler',
  },
  { kind: 'trip', handler: 'trip', description: 'Trip summaries to the trip handler' },
  { kind: 'event', handler: 'event', description: 'Vehicle alerts to the event handler' },
] as const satisfies readonly {
  kind: (typeof DEVICE_MESSAGE_KINDS)[number];
  handler: IngestHandlerName;
  description: string;
}[];

/**
 * Every IoT topic rule, in one place. The CDK app creates one `AWS::IoT::TopicRule` per entry
 * (with an S3 error action), and local mode's rules engine evaluates the same SQL.
 */
export const IOT_RULES: readonly IotRule[] = [
  ...DEVICE_RULES.map(({ kind, handler, description }): IotRule => ({
    name: `fleet_${kind}`,
    description,
    sql: `SELECT *, topic(3) AS deviceid, timestamp() AS receivedat FROM 'dt/cvra/+/${kind}'`,
    action: { kind: 'handler', handler },
  })),
  {
    name: 'fleet_unknown_device_topic',
    description: 'Device messages on a topic no handler reads, kept in the error sink',
    sql: `SELECT *, topic() AS topic, timestamp() AS receivedat FROM 'dt/cvra/#' WHERE ${DEVICE_MESSAGE_KINDS.map((kind) => `topic(4) <> '${kind}'`).join(' AND ')}`,
    action: UNROUTABLE,
  },
  {
    name: 'fleet_short_device_topic',
    description: 'Device messages on dt/cvra/{id} without a kind, kept in the error sink',
    sql: "SELECT *, topic() AS topic, timestamp() AS receivedat FROM 'dt/cvra/+'",
    action: UNROUTABLE,
  },
  {
    name: 'fleet_deep_device_topic',
    description: 'Device messages on topics below dt/cvra/{id}/{kind}, kept in the error sink',
    // Level 4 being a known kind; any other level 4 is the unknown-topic rule's.
    sql: `SELECT *, topic() AS topic, timestamp() AS receivedat FROM 'dt/cvra/+/+/+/#' WHERE ${DEVICE_MESSAGE_KINDS.map((kind) => `topic(4) = '${kind}'`).join(' OR ')}`,
    action: UNROUTABLE,
  },
  {
    name: 'fleet_job_execution',
    description: 'OTA job execution results to the ota handler',
    sql: "SELECT * FROM '$aws/events/jobExecution/#'",
    action: { kind: 'handler', handler: 'ota' },
  },
  {
    name: 'fleet_thing_registry',
    description: 'Things created, updated or deleted in the IoT registry to the registry handler',
    sql: "SELECT * FROM '$aws/events/thing/#'",
    action: { kind: 'handler', handler: 'registry' },
  },
];
