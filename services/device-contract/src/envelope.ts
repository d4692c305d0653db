import { z } from 'zod';
import {
  MAX_CLOCK_AHEAD_MS,
  identifier,
  lenientDeviceTimestamp,
  optionalDeviceTimestamp,
  vin,
} from './fields';

/**
 * What every device message carries (identity and device time) plus what the IoT rule adds:
 * `topic(3) AS deviceid` and `timestamp() AS receivedat`.
 */
const envelopeShape = {
  messageid: identifier,
  vin,
  creationtimestamp: lenientDeviceTimestamp,
  sendtimestamp: optionalDeviceTimestamp,
  deviceid: identifier,
  receivedat: z.number().int().nonnegative().optional(),
};

interface EnvelopeTimes {
  creationtimestamp?: string;
  sendtimestamp?: string;
  receivedat?: number;
}

/**
 * The send time falls back to the creation time, one of them is required, and it may not run
 * ahead of IoT's receive time (or now) by more than a clock's plausible error.
 */
function resolveSendTime<T extends EnvelopeTimes>(
  message: T,
  ctx: z.RefinementCtx,
): T & { sendtimestamp: string } {
  const sendtimestamp = message.sendtimestamp ?? message.creationtimestamp;
  if (sendtimestamp === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['sendtimestamp'],
      message: 'is required (SendTimeStamp, or CreationTimeStamp in its place)',
    });
    return z.NEVER;
  }
  const receivedAt = message.receivedat ?? Date.now();
  if (Date.parse(sendtimestamp) > receivedAt + MAX_CLOCK_AHEAD_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['sendtimestamp'],
      message: `is more than ${MAX_CLOCK_AHEAD_MS / 60_000} minutes ahead of the receive time`,
    });
    return z.NEVER;
  }
  return { ...message, sendtimestamp };
}

/** A device message schema: the envelope plus the kind's own fields. */
export function deviceMessage<const Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object({ ...envelopeShape, ...shape })
    .transform((message, ctx) => resolveSendTime(message as typeof message & EnvelopeTimes, ctx));
}
