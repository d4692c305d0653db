import * as iot from 'aws-cdk-lib/aws-iot';
import { Construct } from 'constructs';

/** The thing type every vehicle is registered with; the simulator uses the same name. */
export const VEHICLE_THING_TYPE = 'fleet-vehicle';

/**
 * The registry's vehicle type. Things without a type may carry only three attributes, and a
 * vehicle carries six (`vin`, `make`, `model`, `year`, `colour`, `softwareVersion`); the
 * searchable ones let operators find a vehicle's thing in the IoT console.
 */
export class VehicleThingType extends Construct {
  readonly thingType: iot.CfnThingType;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.thingType = new iot.CfnThingType(this, 'ThingType', {
      thingTypeName: VEHICLE_THING_TYPE,
      thingTypeProperties: {
        thingTypeDescription: 'A vehicle telematics unit (Fleet Manager)',
        searchableAttributes: ['vin', 'make', 'model'],
      },
    });
  }
}
