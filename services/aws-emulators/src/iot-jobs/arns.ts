/** IoT job ids: 1-64 letters, digits, `_` and `-`. */
export const JOB_ID = /^[a-zA-Z0-9_-]{1,64}$/;
/** IoT thing and thing group names. */
export const THING_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

const TARGET_ARN = /^arn:[^:]+:iot:[^:]*:[^:]*:(thing|thinggroup)\/(.+)$/;

export type JobTarget =
  | { readonly kind: 'thing'; readonly name: string }
  | { readonly kind: 'thinggroup'; readonly name: string };

/** A CreateJob target: `arn:aws:iot:{region}:{account}:thing/{name}` or `…:thinggroup/{name}`. */
export function parseTargetArn(arn: string): JobTarget | undefined {
  const match = TARGET_ARN.exec(arn);
  if (!match) return undefined;
  const [, kind, name] = match as unknown as [string, 'thing' | 'thinggroup', string];
  return THING_NAME.test(name) ? { kind, name } : undefined;
}

export const jobArn = (region: string, accountId: string, jobId: string): string =>
  `arn:aws:iot:${region}:${accountId}:job/${jobId}`;
