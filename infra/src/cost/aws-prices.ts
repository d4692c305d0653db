/**
 * The on-demand list prices (USD, us-east-1) the cost estimate assumes. They change; check the
 * AWS pricing pages before relying on a figure, and edit here to re-run `npm run cost`.
 */
export const ASSUMED_PRICES = {
  iotConnectivityPerMillionMinutes: 0.08,
  /** Per million messages (5 KB units): the first 1 billion, the next 4 billion, beyond. */
  iotMessagingTiers: [
    { upToMillions: 1_000, perMillion: 1.0 },
    { upToMillions: 5_000, perMillion: 0.8 },
    { upToMillions: Number.POSITIVE_INFINITY, perMillion: 0.7 },
  ],
  iotRulesTriggeredPerMillion: 0.15,
  iotRuleActionsPerMillion: 0.15,
  lambdaRequestsPerMillion: 0.2,
  /** arm64, first pricing tier. */
  lambdaPerGbSecond: 0.0000133334,
  sqsRequestsPerMillion: 0.4,
  cloudWatchLogsIngestPerGb: 0.5,
  openSearchDataNodePerHour: 0.167, // r7g.large.search
  openSearchMasterNodePerHour: 0.128, // m7g.large.search
  openSearchGp3PerGbMonth: 0.122,
  apiGatewayRestPerMillion: 3.5,
  cognitoPlusPerMonthlyActiveUser: 0.02,
} as const;

export type AwsPrices = typeof ASSUMED_PRICES;
