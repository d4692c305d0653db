// Prints docs/DEPLOY.md's cost table from the assumptions in src/cost/: `npm run cost`.
// `npm run cost -- --vehicles 5000 --hours-per-day 4 --retention-days 30` prices one fleet of yours.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { estimateMonthlyCost, type CostScenario } from '../src/cost/monthly-cost';

const { values } = parseArgs({
  options: {
    vehicles: { type: 'string' },
    interval: { type: 'string' },
    'hours-per-day': { type: 'string' },
    'retention-days': { type: 'string' },
  },
});
const custom = z
  .object({
    vehicles: z.coerce.number().int().positive().optional(),
    interval: z.coerce.number().positive().optional(),
    'hours-per-day': z.coerce.number().min(0).max(24).optional(),
    'retention-days': z.coerce.number().int().positive().optional(),
  })
  .parse(values);

type Labelled = CostScenario & { label: string };
let scenarios: Labelled[];
if (custom.vehicles === undefined) {
  scenarios = [
    { label: '1,000 direct', vehicles: 1_000, ingestMode: 'direct' },
    { label: '1,000 batched', vehicles: 1_000, ingestMode: 'batched' },
    { label: '100,000 direct', vehicles: 100_000, ingestMode: 'direct' },
    { label: '100,000 batched', vehicles: 100_000, ingestMode: 'batched' },
    {
      label: '100,000 batched, 7 days',
      vehicles: 100_000,
      ingestMode: 'batched',
      retentionDays: 7,
    },
  ];
} else {
  const options = {
    vehicles: custom.vehicles,
    ...(custom.interval === undefined ? {} : { messageIntervalSeconds: custom.interval }),
    ...(custom['hours-per-day'] === undefined
      ? {}
      : { publishingHoursPerDay: custom['hours-per-day'] }),
    ...(custom['retention-days'] === undefined ? {} : { retentionDays: custom['retention-days'] }),
  };
  scenarios = (['direct', 'batched'] as const).map((ingestMode) => ({
    label: `${custom.vehicles?.toLocaleString('en-US') ?? ''} ${ingestMode}`,
    ingestMode,
    ...options,
  }));
}

const estimates = scenarios.map((scenario) => estimateMonthlyCost(scenario));
const usd = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;
const items = [...new Set(estimates.flatMap((estimate) => estimate.lines.map((l) => l.item)))];
const rows = [
  ['monthly, USD', ...scenarios.map((s) => s.label)],
  ['---', ...scenarios.map(() => '---:')],
  ...items.map((item) => [
    item,
    ...estimates.map((estimate) => {
      const line = estimate.lines.find((l) => l.item === item);
      return line ? usd(line.monthlyUsd) : '–';
    }),
  ]),
  ['**total**', ...estimates.map((estimate) => `**${usd(estimate.totalUsd)}**`)],
];
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log('');
for (const [index, estimate] of estimates.entries()) {
  console.log(`- ${scenarios[index]?.label ?? ''}:`);
  for (const line of estimate.lines) console.log(`  - ${line.item}: ${line.basis}`);
}
