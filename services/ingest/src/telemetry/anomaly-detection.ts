import type { CardataMessage } from '@fleet/device-contract';
import type { ActiveAnomaly, AnomalyType } from '@fleet/index-mappings';
import { historyId } from '../message-batch';
import type { AnomalyThresholds } from '@fleet/fleet-config';

/** A reading against its threshold; `undefined` when the message does not carry the value. */
interface Reading {
  readonly value: number;
  readonly threshold: number;
  readonly anomalous: boolean;
}

/** What one message says about each anomaly condition. */
export function readAnomalyConditions(
  message: CardataMessage,
  thresholds: AnomalyThresholds,
): Record<AnomalyType, Reading | undefined> {
  const speed = message.geolocation.speed ?? message.speed?.max;
  const acceleration = message.acceleration?.maxlongitudinal?.value;
  return {
    over_speed:
      speed === undefined
        ? undefined
        : {
            value: speed,
            threshold: thresholds.overSpeedKmh,
            anomalous: speed > thresholds.overSpeedKmh,
          },
    low_fuel:
      message.fuel === undefined
        ? undefined
        : {
            value: message.fuel,
            threshold: thresholds.lowFuelPercent,
            anomalous: message.fuel < thresholds.lowFuelPercent,
          },
    high_oil_temp:
      message.oiltemp === undefined
        ? undefined
        : {
            value: message.oiltemp,
            threshold: thresholds.highOilTempCelsius,
            anomalous: message.oiltemp > thresholds.highOilTempCelsius,
          },
    harsh_acceleration:
      acceleration === undefined
        ? undefined
        : {
            value: acceleration,
            threshold: thresholds.harshAccelerationMs2,
            anomalous: Math.abs(acceleration) >= thresholds.harshAccelerationMs2,
          },
  };
}

/** Deterministic, so a redelivered message finds its anomaly already stored. */
export const anomalyId = (message: CardataMessage, type: AnomalyType) =>
  `${historyId(message)}|${type}`;

/**
 * Advances a vehicle's active anomalies by one (in-order) message. An anomaly opens when its
 * condition starts and stays active, without new records, until a message shows it has ended;
 * a message that lacks the value leaves the condition as it was.
 */
export function advanceAnomalies(
  active: readonly ActiveAnomaly[],
  message: CardataMessage,
  thresholds: AnomalyThresholds,
): { active: ActiveAnomaly[]; opened: ActiveAnomaly[] } {
  const next = [...active];
  const opened: ActiveAnomaly[] = [];
  for (const [type, reading] of Object.entries(readAnomalyConditions(message, thresholds)) as [
    AnomalyType,
    Reading | undefined,
  ][]) {
    if (!reading) continue;
    const index = next.findIndex((anomaly) => anomaly.anomaly_type === type);
    if (reading.anomalous && index === -1) {
      const anomaly: ActiveAnomaly = {
        anomalyid: anomalyId(message, type),
        anomaly_type: type,
        value: reading.value,
        threshold: reading.threshold,
        tripid: message.tripid,
        deviceid: message.deviceid,
        messageid: message.messageid,
        sendtimestamp: message.sendtimestamp,
      };
      next.push(anomaly);
      opened.push(anomaly);
    } else if (!reading.anomalous && index !== -1) {
      next.splice(index, 1);
    }
  }
  return { active: next, opened };
}
