import { ASSUMED_PRICES, type AwsPrices } from './aws-prices';

/** What is being priced; every default is stated in docs/DEPLOY.md. */
export interface CostScenario {
  readonly vehicles: number;
  readonly ingestMode: 'direct' | 'batched';
  /** Seconds between a vehicle's messages. @default 2 */
  readonly messageIntervalSeconds?: number;
  /** Hours a day a vehicle publishes (connected all day regardless). @default 24 */
  readonly publishingHoursPerDay?: number;
  /** Days of history kept in OpenSearch (`retentionDays`). @default 90 */
  readonly retentionDays?: number;
  /** API requests the console makes in a month. @default 1,000,000 */
  readonly apiRequestsPerMonth?: number;
  /** Console users signing in in a month. @default 50 */
  readonly consoleUsers?: number;
}

/**
 * How the system behaves, as the estimate assumes it (measured locally where possible; the
 * rest are rules of thumb for r7g.large.search, stated so they can be challenged).
 */
export const ASSUMED_BEHAVIOUR = {
  daysPerMonth: 30,
  /** Direct mode: billed time of one invocation (one `_mget` + one `_bulk` round trip). */
  directInvocationSeconds: 0.03,
  /** Batched mode: fixed cost of an invocation plus each record's share. */
  batchInvocationSeconds: 0.1,
  batchRecordSeconds: 0.002,
  /** `SqsEventSource` batch size and the pollers Lambda starts with. */
  maxBatchSize: 500,
  sqsPollers: 5,
  lambdaMemoryGb: 0.5,
  /** SQS requests per message: the rule's SendMessage, and its share of batched receive and delete. */
  sqsRequestsPerMessage: 1.2,
  /** Lambda's START/END/REPORT lines per invocation. */
  logKbPerInvocation: 0.3,
  /** Documents each message writes: its `cardata` history entry and `latest_telemetry`. */
  documentWritesPerMessage: 2,
  /** On-disk size of one `cardata` document, one copy. */
  historyKbPerDocument: 0.8,
  replicas: 1,
  /** Free space OpenSearch needs on top of the data (watermarks, merges). */
  storageHeadroom: 1.25,
  /** What one r7g.large.search data node sustains. */
  dataNodeBulkWritesPerSecond: 5_000,
  dataNodeRequestsPerSecond: 1_000,
  dataNodeStorageGb: 1_024,
  masterNodes: 3,
} as const;

export interface CostLine {
  readonly item: string;
  readonly monthlyUsd: number;
  readonly basis: string;
}

export interface CostEstimate {
  readonly scenario: Required<CostScenario>;
  readonly messagesPerMonth: number;
  readonly messagesPerSecond: number;
  readonly dataNodes: number;
  readonly storageGb: number;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
}

const HOURS_PER_MONTH = 24 * ASSUMED_BEHAVIOUR.daysPerMonth;

function tiered(millions: number, tiers: AwsPrices['iotMessagingTiers']): number {
  let cost = 0;
  let from = 0;
  for (const tier of tiers) {
    const inTier = Math.max(0, Math.min(millions, tier.upToMillions) - from);
    cost += inTier * tier.perMillion;
    from = tier.upToMillions;
    if (millions <= from) break;
  }
  return cost;
}

const fmt = (value: number) => Math.round(value).toLocaleString('en-US');

/** The monthly AWS bill of one scenario, line by line. */
export function estimateMonthlyCost(
  input: CostScenario,
  prices: AwsPrices = ASSUMED_PRICES,
): CostEstimate {
  const scenario: Required<CostScenario> = {
    messageIntervalSeconds: 2,
    publishingHoursPerDay: 24,
    retentionDays: 90,
    apiRequestsPerMonth: 1_000_000,
    consoleUsers: 50,
    ...input,
  };
  if (!Number.isInteger(scenario.vehicles) || scenario.vehicles < 1) {
    throw new Error('vehicles must be a positive integer');
  }
  const b = ASSUMED_BEHAVIOUR;
  const messagesPerDay =
    (scenario.vehicles * scenario.publishingHoursPerDay * 3600) / scenario.messageIntervalSeconds;
  const messagesPerMonth = messagesPerDay * b.daysPerMonth;
  const messagesPerSecond = messagesPerMonth / (HOURS_PER_MONTH * 3600);
  const millions = messagesPerMonth / 1e6;
  const lines: CostLine[] = [];
  const add = (item: string, monthlyUsd: number, basis: string) =>
    lines.push({ item, monthlyUsd, basis });

  const connectionMinutes = scenario.vehicles * HOURS_PER_MONTH * 60;
  add(
    'IoT Core connectivity',
    (connectionMinutes / 1e6) * prices.iotConnectivityPerMillionMinutes,
    `${fmt(connectionMinutes / 1e6)}M connection-minutes`,
  );
  add(
    'IoT Core messaging',
    tiered(millions, prices.iotMessagingTiers),
    `${fmt(millions)}M messages`,
  );
  add(
    'IoT rules (rule + action)',
    millions * (prices.iotRulesTriggeredPerMillion + prices.iotRuleActionsPerMillion),
    `${fmt(millions)}M rules triggered`,
  );

  let invocations: number;
  let gbSeconds: number;
  let openSearchRequestsPerSecond: number;
  if (scenario.ingestMode === 'direct') {
    invocations = messagesPerMonth;
    gbSeconds = invocations * b.directInvocationSeconds * b.lambdaMemoryGb;
    openSearchRequestsPerSecond = messagesPerSecond * 2;
  } else {
    // Each poller's batch holds what arrives within the 1 s window, up to the batch size.
    const batch = Math.max(1, Math.min(b.maxBatchSize, messagesPerSecond / b.sqsPollers));
    invocations = messagesPerMonth / batch;
    gbSeconds =
      invocations * (b.batchInvocationSeconds + batch * b.batchRecordSeconds) * b.lambdaMemoryGb;
    openSearchRequestsPerSecond = (messagesPerSecond / batch) * 2;
    const sqsRequests = messagesPerMonth * b.sqsRequestsPerMessage;
    add(
      'SQS',
      (sqsRequests / 1e6) * prices.sqsRequestsPerMillion,
      `${fmt(sqsRequests / 1e6)}M requests`,
    );
  }
  add(
    'Lambda (ingest)',
    (invocations / 1e6) * prices.lambdaRequestsPerMillion + gbSeconds * prices.lambdaPerGbSecond,
    `${fmt(invocations / 1e6)}M invocations, ${fmt(gbSeconds / 1e6)}M GB-s`,
  );
  const logGb = (invocations * b.logKbPerInvocation) / 1e6;
  add('CloudWatch Logs (Lambda)', logGb * prices.cloudWatchLogsIngestPerGb, `${fmt(logGb)} GB`);

  const copies = 1 + b.replicas;
  const storageGb =
    ((messagesPerDay * scenario.retentionDays * b.historyKbPerDocument) / 1e6) *
    copies *
    b.storageHeadroom;
  const writesPerSecond = messagesPerSecond * b.documentWritesPerMessage * copies;
  const byNeed = Math.max(
    writesPerSecond / b.dataNodeBulkWritesPerSecond,
    openSearchRequestsPerSecond / b.dataNodeRequestsPerSecond,
    storageGb / b.dataNodeStorageGb,
  );
  // At least two, and an even number across two zones.
  const dataNodes = Math.max(2, 2 * Math.ceil(byNeed / 2));
  add(
    'OpenSearch data nodes',
    dataNodes * HOURS_PER_MONTH * prices.openSearchDataNodePerHour,
    `${dataNodes} × r7g.large.search (${fmt(writesPerSecond)} writes/s, ${fmt(openSearchRequestsPerSecond)} requests/s)`,
  );
  add(
    'OpenSearch masters',
    b.masterNodes * HOURS_PER_MONTH * prices.openSearchMasterNodePerHour,
    `${b.masterNodes} × m7g.large.search`,
  );
  add(
    'OpenSearch storage (gp3)',
    storageGb * prices.openSearchGp3PerGbMonth,
    `${fmt(storageGb)} GB: ${scenario.retentionDays} days of history, ${copies} copies, ${b.storageHeadroom}× headroom`,
  );
  add(
    'API Gateway, Cognito (Plus)',
    (scenario.apiRequestsPerMonth / 1e6) * prices.apiGatewayRestPerMillion +
      scenario.consoleUsers * prices.cognitoPlusPerMonthlyActiveUser,
    `${fmt(scenario.apiRequestsPerMonth / 1e6)}M API requests, ${scenario.consoleUsers} users`,
  );
  const totalUsd = lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
  return { scenario, messagesPerMonth, messagesPerSecond, dataNodes, storageGb, lines, totalUsd };
}
