import type { DtcMessage } from '@fleet/device-contract';
import type { ActiveTroubleCode, SharedCardataDocument } from '@fleet/index-mappings';
import { timestampMs } from '../message-batch';

/** Enough clear times to outlast any redelivery window; older ones are forgotten. */
export const MAX_CLEARED_CODES = 100;

type ClearedCode = NonNullable<SharedCardataDocument['cleared_trouble_codes']>[number];

export interface TroubleCodeState {
  readonly active: ActiveTroubleCode[];
  readonly cleared: ClearedCode[];
}

/**
 * Applies set/clear messages (in send-time order) to a vehicle's trouble codes. An active code
 * carries its latest set; a clear removes it only if at least as new, and a set older than the
 * latest clear of its code is ignored, so out-of-order and redelivered messages leave the state
 * that send-time order gives.
 */
export function applyTroubleCodes(
  state: TroubleCodeState,
  messages: readonly DtcMessage[],
): TroubleCodeState {
  const active = new Map(state.active.map((code) => [code.code, code]));
  const cleared = new Map(state.cleared.map((code) => [code.code, code]));
  for (const message of messages) {
    const { code, changed } = message.dtc;
    const at = Date.parse(message.sendtimestamp);
    const current = active.get(code);
    const lastCleared = timestampMs(cleared.get(code)?.sendtimestamp);
    if (changed) {
      // Kept at its latest set, so only a clear newer than that removes it.
      if (lastCleared >= at || (current && timestampMs(current.sendtimestamp) >= at)) continue;
      active.set(code, {
        code,
        deviceid: message.deviceid,
        messageid: message.messageid,
        sendtimestamp: message.sendtimestamp,
      });
    } else {
      if (current && timestampMs(current.sendtimestamp) > at) continue;
      active.delete(code);
      if (at > lastCleared) cleared.set(code, { code, sendtimestamp: message.sendtimestamp });
    }
  }
  return {
    active: [...active.values()],
    cleared: [...cleared.values()]
      .sort((a, b) => timestampMs(b.sendtimestamp) - timestampMs(a.sendtimestamp))
      .slice(0, MAX_CLEARED_CODES),
  };
}

export const sameTroubleCodes = (
  a: readonly { code: string; sendtimestamp: string | number }[],
  b: readonly { code: string; sendtimestamp: string | number }[],
) =>
  a.length === b.length &&
  a.every((x) => b.some((y) => y.code === x.code && y.sendtimestamp === x.sendtimestamp));
