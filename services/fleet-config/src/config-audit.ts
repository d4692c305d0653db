import { z } from 'zod';

/** One PUT of the settings: who made it, when, and which settings it changed. */
export const configChange = z.object({
  changedBy: z.string(),
  changedAt: z.iso.datetime(),
  settings: z.array(z.string()),
});
export type ConfigChange = z.output<typeof configChange>;

/** The newest changes first; bounded so the parameter stays under SSM's 4 KB standard tier. */
export const configAudit = z.object({ changes: z.array(configChange) });
export type ConfigAudit = z.output<typeof configAudit>;

export const MAX_AUDITED_CHANGES = 20;

/** The audit after a change, newest first, trimmed to what fits the parameter. */
export function withChange(audit: ConfigAudit, change: ConfigChange): ConfigAudit {
  let changes = [change, ...audit.changes].slice(0, MAX_AUDITED_CHANGES);
  while (changes.length > 1 && JSON.stringify({ changes }).length > 4000) {
    changes = changes.slice(0, -1);
  }
  return { changes };
}
