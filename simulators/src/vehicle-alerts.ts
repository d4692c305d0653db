import type { CvraGeoLocation, EventPayload } from '@fleet/device-contract';
import type { Random } from './random';

type Alert = EventPayload['Alert'];

export type AlertType = 'DoorOpen' | 'TyrePressureLow' | 'BatteryLow' | 'WasherFluidLow';

interface AlertContext {
  readonly driving: boolean;
  readonly geoLocation: CvraGeoLocation;
}

const DOORS = ['FrontLeft', 'FrontRight', 'RearLeft', 'RearRight', 'Tailgate'] as const;
const TYRES = ['FrontLeft', 'FrontRight', 'RearLeft', 'RearRight'] as const;

/** Alerts that make sense in the vehicle's situation: a flat battery shows when parked. */
export function alertTypesFor(driving: boolean): readonly AlertType[] {
  return driving
    ? ['DoorOpen', 'TyrePressureLow', 'TyrePressureLow', 'WasherFluidLow']
    : ['DoorOpen', 'BatteryLow'];
}

/** The `Alert` object of an event: its type, its position and the type's own readings. */
export function buildAlert(type: AlertType, context: AlertContext, random: Random): Alert {
  const base = { Type: type, GeoLocation: context.geoLocation };
  switch (type) {
    case 'DoorOpen':
      return { ...base, Door: random.pick(DOORS), WhileMoving: context.driving };
    case 'TyrePressureLow':
      return {
        ...base,
        Tyre: random.pick(TYRES),
        PressureKpa: random.int(140, 176),
        ThresholdKpa: 180,
      };
    case 'BatteryLow':
      return {
        ...base,
        VoltageV: Math.round(random.between(11.2, 11.9) * 10) / 10,
        ThresholdV: 12,
      };
    case 'WasherFluidLow':
      return { ...base, LevelPercent: random.int(3, 12) };
  }
}
