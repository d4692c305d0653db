import type { CardataPayload, CvraGeoLocation } from '@fleet/device-contract';
import { CellularModem } from './cellular-network';
import {
  bearingDegrees,
  destinationPoint,
  distanceMetres,
  headingDifference,
  normaliseHeading,
  type LatLng,
} from './geo';
import { MessageEnvelopes, type OutgoingMessage } from './outgoing-message';
import { ReportWindow } from './report-window';
import { createRandom, deriveSeed, randomUuid, type Random } from './random';
import { ROAD_TYPES, nextRoadType, planSegment, type RoadSegment, type RoadType } from './road';
import {
  resolveSimulationOptions,
  type AnomalyKind,
  type ResolvedSimulationOptions,
  type VehicleSimulationOptions,
} from './simulation-options';
import { TripRecorder, round } from './trip-recorder';
import { TROUBLE_CODES } from './trouble-codes';
import { alertTypesFor, buildAlert } from './vehicle-alerts';
import {
  COMFORT_BRAKING_MS2,
  MAX_LATERAL_MS2,
  MAX_YAW_DEG_PER_S,
  MIN_TURN_RADIUS_M,
  PLANNED_BRAKING_MS2,
  accelerationCapacity,
  approach,
  fuelUsedLitres,
  oilTargetCelsius,
  throttlePercent,
} from './vehicle-dynamics';
import { LAST_MODEL_YEAR } from './vehicle-catalogue';
import type { VehicleProfile } from './vehicle-profile';

export type DrivingState = 'parked' | 'driving';

/** The vehicle's state between ticks, for tests and dashboards; not sent anywhere. */
export interface VehicleSnapshot {
  readonly state: DrivingState;
  readonly position: LatLng;
  readonly altitudeMetres: number;
  readonly headingDegrees: number;
  readonly speedKmh: number;
  /** The road being driven; undefined when parked. */
  readonly roadType: RoadType | undefined;
  readonly odometerMetres: number;
  readonly fuelPercent: number;
  readonly oilTempCelsius: number;
  readonly tripId: string | undefined;
  readonly activeTroubleCodes: readonly string[];
  /** Deliberate anomalies in play right now: their values are meant to break normal bounds. */
  readonly anomalies: readonly AnomalyKind[];
  readonly distanceFromHomeMetres: number;
}

/** A vehicle simulated without I/O: time only moves when `tick` is called. */
export interface SimulatedVehicle {
  readonly profile: VehicleProfile;
  /**
   * Advances the simulation by `dtSeconds`, ending at `nowMs` (epoch ms of the simulation clock),
   * and returns the messages the vehicle sends over that time, in order.
   */
  tick(nowMs: number, dtSeconds: number): OutgoingMessage[];
  snapshot(): VehicleSnapshot;
  /** The telematics software it runs: the identity's at first, then what OTA installed. */
  readonly softwareVersion: string;
  /** An OTA update succeeded: the vehicle runs `version` from now on. */
  installSoftware(version: string): void;
}

/** Controller time constant: how quickly the driver closes the gap to the speed they want, s. */
const SPEED_RESPONSE_S = 0.5;
/** A stop counts as reached within this distance of the line, metres. */
const STOP_LINE_M = 1.5;
/** Wheel-speed sensor ticks per metre travelled. */
const TICKS_PER_METRE = 0.5;
const OIL_WARM_TAU_S = 400;
const OIL_COOL_TAU_S = 1_800;
const OVERHEAT_TARGET_C = 132;

class VehicleSimulation implements SimulatedVehicle {
  private readonly options: ResolvedSimulationOptions;
  private readonly envelopes: MessageEnvelopes;
  private readonly modem: CellularModem;
  private readonly tankLitres: number;
  private readonly driverFactor: number;
  private readonly driverId: string;
  private readonly wheelFactors: readonly number[];
  private readonly baseAltitude: number;
  private readonly altitudePhase: number;
  private readonly ambientCelsius: number;

  private clockMs: number | undefined;
  /** When this tick's messages go out: the end of the tick. */
  private sendAtMs = 0;
  private state: DrivingState = 'parked';
  private parkedUntilMs = 0;
  private parkedTicks = 0;
  private position: LatLng;
  private heading: number;
  private targetHeading: number;
  private speed = 0;
  private odometer: number;
  private fuelLitres: number;
  private oilTemp: number;
  private window = new ReportWindow();

  private segment: RoadSegment | undefined;
  /** The stretch after this one, planned ahead so the driver can slow down for it. */
  private upcoming: RoadSegment | undefined;
  private segmentRemaining = 0;
  private stopHoldSeconds = 0;
  private stopServed = false;
  private cruiseJitterKmh = 0;
  private trafficSeconds = 0;
  private trafficFactor = 1;

  private trip: TripRecorder | undefined;
  private tripRemaining = 0;
  private tripAnomaly: AnomalyKind | undefined;
  private overspeedKmh = 0;
  private harshSeconds = 0;
  private harshAcceleration = 0;
  private harshPending: 'brake' | 'accelerate' | undefined;
  private refuelThresholdPercent: number;
  private lowFuelAnomaly = false;
  private needsFuel = false;

  private drivingSeconds = 0;
  private software: string;
  /** Active trouble codes and the driving time at which each clears. */
  private readonly troubleCodes = new Map<string, number>();

  constructor(
    readonly profile: VehicleProfile,
    private readonly random: Random,
    options: VehicleSimulationOptions,
  ) {
    this.options = resolveSimulationOptions(options);
    const { identity, home } = profile;
    this.envelopes = new MessageEnvelopes(identity.thingName, identity.vin);
    this.modem = new CellularModem(home.city.countryCode, random);
    this.tankLitres = identity.spec.tankLitres;
    this.driverFactor = random.between(0.9, 1.04);
    this.driverId = `driver-${String(random.int(1, 9999)).padStart(4, '0')}`;
    this.wheelFactors = Array.from({ length: 4 }, () => random.between(0.9997, 1.0003));
    this.baseAltitude = random.between(5, 600);
    this.altitudePhase = random.between(0, 2 * Math.PI);
    this.ambientCelsius = 28 - 0.4 * Math.abs(home.city.centre.latitude) + random.normal(0, 4);
    this.position = home.start;
    this.heading = random.between(0, 360);
    this.targetHeading = this.heading;
    const ageYears = Math.max(0.1, LAST_MODEL_YEAR - identity.year);
    this.odometer = Math.round(ageYears * random.between(9_000_000, 22_000_000));
    const fuelPercent = options.initialFuelPercent ?? random.between(20, 95);
    this.fuelLitres = (this.tankLitres * fuelPercent) / 100;
    this.refuelThresholdPercent = random.between(12, 20);
    this.oilTemp = this.ambientCelsius + random.between(0, 40);
    this.software = identity.softwareVersion;
  }

  get softwareVersion(): string {
    return this.software;
  }

  installSoftware(version: string): void {
    this.software = version;
  }

  tick(nowMs: number, dtSeconds: number): OutgoingMessage[] {
    const out: OutgoingMessage[] = [];
    const dt = Math.max(0, dtSeconds);
    if (this.clockMs === undefined) this.begin(nowMs - dt * 1000);
    let t = this.clockMs ?? nowMs;
    const end = nowMs;
    this.sendAtMs = end;
    while (t < end) {
      if (this.state === 'parked') {
        const until = Math.min(end, this.parkedUntilMs);
        this.park((until - t) / 1000, until, out);
        t = until;
        if (t >= this.parkedUntilMs) this.startTrip(t);
      } else {
        const step = Math.min(this.options.maxStepSeconds * 1000, end - t);
        t += step;
        this.drive(step / 1000, t, out);
      }
    }
    this.clockMs = end;
    if (this.state === 'driving') {
      out.push(this.cardata(end, 'run'));
    } else {
      this.parkedTicks += 1;
      if (this.parkedTicks % this.options.parkedReportEveryTicks === 0) {
        out.push(this.cardata(end, 'off'));
      }
    }
    return out;
  }

  snapshot(): VehicleSnapshot {
    const anomalies: AnomalyKind[] = [];
    if (this.tripAnomaly && this.tripAnomaly !== 'lowFuel') anomalies.push(this.tripAnomaly);
    if (this.lowFuelAnomaly) anomalies.push('lowFuel');
    return {
      state: this.state,
      position: this.position,
      altitudeMetres: this.altitude(),
      headingDegrees: this.heading,
      speedKmh: this.speed * 3.6,
      roadType: this.state === 'driving' ? this.segment?.type : undefined,
      odometerMetres: this.odometer,
      fuelPercent: this.fuelPercent(),
      oilTempCelsius: this.oilTemp,
      tripId: this.trip?.tripId,
      activeTroubleCodes: [...this.troubleCodes.keys()],
      anomalies,
      distanceFromHomeMetres: distanceMetres(this.position, this.profile.home.city.centre),
    };
  }

  /** The first tick: some vehicles are mid-trip when the fleet starts, the rest parked. */
  private begin(startMs: number) {
    this.clockMs = startMs;
    const driving = this.options.startDriving ?? this.random.chance(0.5);
    // A parked vehicle reports on its first tick, then every N ticks.
    this.parkedTicks = this.options.parkedReportEveryTicks - 1;
    if (driving) {
      this.oilTemp = this.random.between(80, 95);
      this.startTrip(startMs);
    } else {
      const [min, max] = this.options.parkedMinutes ?? [1, 30];
      this.parkedUntilMs = startMs + this.random.between(min, max) * 60_000;
    }
  }

  private fuelPercent(): number {
    return (this.fuelLitres / this.tankLitres) * 100;
  }

  /** Gentle hills, so altitude moves with the distance driven and not on its own. */
  private altitude(): number {
    return this.baseAltitude + 15 * Math.sin(this.odometer / 3_000 + this.altitudePhase);
  }

  private park(seconds: number, atMs: number, out: OutgoingMessage[]) {
    this.oilTemp = approach(this.oilTemp, this.ambientCelsius, seconds, OIL_COOL_TAU_S);
    if (this.random.chance((this.options.alertsPerHour / 4) * (seconds / 3600))) {
      this.alert(false, atMs, out);
    }
  }

  private startTrip(atMs: number) {
    const r = this.random;
    this.state = 'driving';
    this.speed = 0;
    this.window = new ReportWindow();
    this.trip = new TripRecorder(this.tripId(atMs), atMs, this.tripPosition());
    // Trip lengths are long-tailed: mostly errands, sometimes a long drive.
    const planned = Math.exp(r.normal(Math.log(8_000), 0.7));
    const configured = this.options.tripDistanceMetres;
    this.tripRemaining = configured
      ? r.between(configured[0], configured[1])
      : this.needsFuel
        ? r.between(800, 3_000)
        : clamp(planned, 1_500, 60_000);
    this.tripAnomaly = undefined;
    this.harshPending = undefined;
    if (this.options.anomalyKinds.length > 0 && r.chance(this.options.anomalyChancePerTrip)) {
      this.startAnomaly(r.pick(this.options.anomalyKinds));
    }
    const home = this.profile.home;
    if (distanceMetres(this.position, home.city.centre) > home.roamRadiusMetres * 0.6) {
      this.targetHeading = bearingDegrees(this.position, home.city.centre);
    }
    this.upcoming = undefined;
    this.enterSegment(this.random.chance(0.8) ? 'urban' : 'arterial');
  }

  private startAnomaly(kind: AnomalyKind) {
    this.tripAnomaly = kind;
    switch (kind) {
      case 'overspeed':
        this.overspeedKmh = this.random.between(136, 165);
        break;
      case 'harshBraking':
        this.harshPending = 'brake';
        break;
      case 'harshAcceleration':
        this.harshPending = 'accelerate';
        break;
      case 'lowFuel':
        // The driver ignores the warning light until the tank is nearly dry.
        this.lowFuelAnomaly = true;
        this.refuelThresholdPercent = this.random.between(5, 9);
        break;
      case 'highOilTemp':
        break;
    }
  }

  private tripId(atMs: number): string {
    // Seeded, so runs reproduce; mixed with the clock, so a restarted fleet never reuses one.
    const salted = createRandom(
      deriveSeed(this.random.uint32(), Math.floor(atMs / 1000), this.profile.identity.vin),
    );
    return randomUuid(salted);
  }

  private tripPosition() {
    return { ...this.position, altitude: this.altitude() };
  }

  private endTrip(atMs: number, out: OutgoingMessage[]) {
    const trip = this.trip;
    if (!trip) return;
    this.speed = 0;
    out.push(this.cardata(atMs, 'off'));
    out.push(
      this.envelopes.message(
        'trip',
        this.envelopes.stamp(atMs, this.sendAtMs, {
          TripId: trip.tripId,
          TripSummary: trip.summary(atMs, this.tripPosition()),
        }),
      ),
    );
    this.trip = undefined;
    this.segment = undefined;
    this.upcoming = undefined;
    this.stopHoldSeconds = 0;
    this.state = 'parked';
    this.parkedTicks = 0;
    this.tripAnomaly = undefined;
    this.harshPending = undefined;
    this.harshSeconds = 0;
    const r = this.random;
    if (this.needsFuel) {
      // A refuelling stop: a few minutes at the pump, and the tank is full.
      this.fuelLitres = this.tankLitres;
      this.needsFuel = false;
      this.lowFuelAnomaly = false;
      this.refuelThresholdPercent = r.between(12, 20);
      this.parkedUntilMs = atMs + r.between(4, 10) * 60_000;
    } else {
      const configured = this.options.parkedMinutes;
      const minutes = configured
        ? r.between(configured[0], configured[1])
        : clamp(Math.exp(r.normal(Math.log(25), 1)), 3, 240);
      this.parkedUntilMs = atMs + minutes * 60_000;
    }
  }

  /**
   * Moves on to the next stretch of road (of `type` when none is planned yet) and plans the one
   * after it, so the driver can anticipate its speed and the turn into it.
   */
  private enterSegment(type: RoadType): RoadSegment {
    const segment =
      this.upcoming ??
      planSegment(type, this.driverFactor, this.chooseTurn(type, this.targetHeading), this.random);
    const nextType =
      this.tripAnomaly === 'overspeed' ? 'highway' : nextRoadType(segment.type, this.random);
    const headingThen = this.targetHeading + segment.turnAtEndDegrees;
    this.upcoming = planSegment(
      nextType,
      this.driverFactor,
      this.chooseTurn(nextType, headingThen),
      this.random,
    );
    this.segment = segment;
    this.segmentRemaining = segment.lengthMetres;
    this.stopServed = false;
    return segment;
  }

  /**
   * The turn at the end of the coming segment. Near home it is random; past part of the roam
   * radius the driver prefers whichever way points home, so vehicles stay around their city.
   */
  private chooseTurn(type: RoadType, heading: number): number {
    const r = this.random;
    const home = this.profile.home;
    const away = distanceMetres(this.position, home.city.centre);
    const homeward = bearingDegrees(this.position, home.city.centre);
    const bend = clamp(r.normal(0, 5), -12, 12);
    if (away > home.roamRadiusMetres * 0.6 && r.chance(away > home.roamRadiusMetres ? 1 : 0.7)) {
      const options = [bend, -90, 90, ...(away > home.roamRadiusMetres ? [180] : [])];
      const offHome = (turn: number) => Math.abs(headingDifference(heading + turn, homeward));
      return options.reduce((best, turn) => (offHome(turn) < offHome(best) ? turn : best));
    }
    if (!r.chance(ROAD_TYPES[type].turnChance)) return bend;
    return (r.chance(0.5) ? -90 : 90) + clamp(r.normal(0, 8), -20, 20);
  }

  /** The pace the driver keeps on a segment, km/h; an overspeed anomaly ignores the limit. */
  private cruiseKmh(segment: RoadSegment): number {
    if (this.tripAnomaly === 'overspeed' && segment.type === 'highway') return this.overspeedKmh;
    return segment.cruiseKmh;
  }

  /** The speed the driver aims for now, m/s, given the road ahead. */
  private targetSpeed(segment: RoadSegment): number {
    if (this.stopHoldSeconds > 0) return 0;
    const spec = ROAD_TYPES[segment.type];
    const cruise = this.cruiseKmh(segment);
    const jittered = Math.min(cruise + this.cruiseJitterKmh, Math.max(cruise, spec.maxKmh - 0.5));
    let target = (jittered * this.trafficFactor) / 3.6;
    const turning = Math.abs(headingDifference(this.heading, this.targetHeading)) > 20;
    if (turning) target = Math.min(target, spec.turnKmh / 3.6);
    // What the end of this segment asks for: a stop, a turn, or the next road's pace.
    let endSpeed: number;
    if (segment.stopAtEnd && !this.stopServed) endSpeed = 0;
    else if (Math.abs(segment.turnAtEndDegrees) > 20) endSpeed = spec.turnKmh / 3.6;
    else endSpeed = this.upcoming ? this.cruiseKmh(this.upcoming) / 3.6 : target;
    target = Math.min(target, this.brakingProfile(endSpeed, this.segmentRemaining));
    return Math.min(target, this.brakingProfile(0, this.tripRemaining));
  }

  /** The fastest speed from which the driver can still reach `endSpeed` in `metres`. */
  private brakingProfile(endSpeed: number, metres: number): number {
    const room = Math.max(0, metres - this.speed * SPEED_RESPONSE_S - 1);
    return Math.sqrt(endSpeed * endSpeed + 2 * PLANNED_BRAKING_MS2 * room);
  }

  private drive(seconds: number, atMs: number, out: OutgoingMessage[]) {
    const r = this.random;
    const spec = this.profile.identity.spec;
    const segment = this.segment ?? this.enterSegment('urban');
    this.updateTraffic(seconds, segment.type);

    // Longitudinal: a first-order driver towards the target speed, within the car's abilities.
    const target = this.targetSpeed(segment);
    let acceleration = clamp(
      (target - this.speed) / SPEED_RESPONSE_S,
      -COMFORT_BRAKING_MS2,
      accelerationCapacity(this.speed, spec),
    );
    acceleration = this.harshOverride(acceleration, target);
    const before = this.speed;
    const after = Math.max(0, before + acceleration * seconds);
    acceleration = (after - before) / seconds;
    const speed = (before + after) / 2;
    const metres = speed * seconds;

    // Lateral: heading turns towards the road's heading no faster than grip and steering allow.
    const maxYaw = Math.min(
      MAX_YAW_DEG_PER_S,
      toDegrees(speed / MIN_TURN_RADIUS_M),
      toDegrees(MAX_LATERAL_MS2 / Math.max(speed, 0.1)),
    );
    const turn = clamp(
      headingDifference(this.heading, this.targetHeading),
      -maxYaw * seconds,
      maxYaw * seconds,
    );
    const lateral = (speed * toRadians(turn)) / seconds;
    this.position = destinationPoint(this.position, this.heading + turn / 2, metres);
    this.heading = normaliseHeading(this.heading + turn);
    this.speed = after;

    this.odometer += metres;
    this.segmentRemaining -= metres;
    this.tripRemaining -= metres;
    this.drivingSeconds += seconds;
    const litres = fuelUsedLitres(speed, acceleration, seconds, spec);
    this.fuelLitres = Math.max(this.tankLitres * 0.005, this.fuelLitres - litres);
    const throttle = throttlePercent(speed, acceleration, spec);
    const oilTarget =
      this.tripAnomaly === 'highOilTemp' ? OVERHEAT_TARGET_C : oilTargetCelsius(throttle);
    this.oilTemp = approach(this.oilTemp, oilTarget, seconds, OIL_WARM_TAU_S);
    this.trip?.record(seconds, speed * 3.6, metres, litres);
    this.window.add(
      seconds,
      metres,
      Math.max(before, after) * 3.6,
      throttle,
      acceleration,
      lateral,
    );

    if (!this.needsFuel && this.fuelPercent() < this.refuelThresholdPercent) {
      // Low fuel: head for the nearest station, which ends this trip.
      this.needsFuel = true;
      this.tripRemaining = Math.min(this.tripRemaining, r.between(800, 3_000));
    }
    this.troubleCodeChanges(seconds, atMs, out);
    if (r.chance((this.options.alertsPerHour * seconds) / 3600)) this.alert(true, atMs, out);
    this.followRoad(segment, seconds, atMs, out);
  }

  /** Harsh manoeuvres: a hard stop from speed, or a flat-out launch from rest. */
  private harshOverride(acceleration: number, target: number): number {
    if (this.harshSeconds > 0) return this.harshAcceleration;
    if (this.harshPending === 'brake' && this.speed > 12) {
      this.harshPending = undefined;
      this.harshSeconds = this.random.between(1, 1.8);
      this.harshAcceleration = -this.random.between(4.8, 7);
      return this.harshAcceleration;
    }
    if (this.harshPending === 'accelerate' && this.speed < 3 && target > this.speed + 5) {
      this.harshPending = undefined;
      this.harshSeconds = this.random.between(1.5, 2);
      this.harshAcceleration = this.random.between(4.4, 5.5);
      return this.harshAcceleration;
    }
    return acceleration;
  }

  /** Cars ahead: speed wanders a little, and now and then traffic slows everyone down. */
  private updateTraffic(seconds: number, type: RoadType) {
    const r = this.random;
    this.harshSeconds = Math.max(0, this.harshSeconds - seconds);
    this.cruiseJitterKmh +=
      (-this.cruiseJitterKmh / 20) * seconds + 0.6 * Math.sqrt(seconds) * r.normal(0, 1);
    this.trafficSeconds -= seconds;
    if (this.trafficSeconds <= 0) {
      this.trafficFactor = 1;
      const slowdownsPerSecond = type === 'highway' ? 0.002 : 0.008;
      if (r.chance(slowdownsPerSecond * seconds)) {
        this.trafficFactor = r.between(0.35, 0.8);
        this.trafficSeconds = r.between(5, 30);
      }
    }
  }

  /** Stops at lights, turns at intersections, moves on to the next segment, ends the trip. */
  private followRoad(segment: RoadSegment, seconds: number, atMs: number, out: OutgoingMessage[]) {
    if (this.tripRemaining <= STOP_LINE_M && this.speed < 0.3) {
      this.endTrip(atMs, out);
      return;
    }
    if (this.stopHoldSeconds > 0) {
      this.stopHoldSeconds -= seconds;
      if (this.stopHoldSeconds <= 0) this.nextSegment(segment);
      return;
    }
    if (this.segmentRemaining > STOP_LINE_M) return;
    if (segment.stopAtEnd && !this.stopServed) {
      if (this.speed < 0.3) {
        this.speed = 0;
        this.stopServed = true;
        this.stopHoldSeconds = this.random.between(5, 50);
      }
      return;
    }
    this.nextSegment(segment);
  }

  private nextSegment(finished: RoadSegment) {
    this.targetHeading = normaliseHeading(this.targetHeading + finished.turnAtEndDegrees);
    const overshoot = Math.min(0, this.segmentRemaining);
    this.enterSegment(finished.type);
    this.segmentRemaining += overshoot;
  }

  private troubleCodeChanges(seconds: number, atMs: number, out: OutgoingMessage[]) {
    const r = this.random;
    for (const [code, clearsAt] of this.troubleCodes) {
      if (this.drivingSeconds >= clearsAt) {
        this.troubleCodes.delete(code);
        out.push(this.dtc(code, false, atMs));
      }
    }
    if (
      this.troubleCodes.size < 3 &&
      r.chance((this.options.troubleCodesPerDrivingHour * seconds) / 3600)
    ) {
      const candidates = TROUBLE_CODES.filter(
        (candidate) => !this.troubleCodes.has(candidate.code),
      );
      const { code } = r.weighted(candidates, (candidate) => candidate.weight);
      const [min, max] = this.options.troubleCodeClearsAfterMinutes;
      this.troubleCodes.set(code, this.drivingSeconds + r.between(min, max) * 60);
      out.push(this.dtc(code, true, atMs));
    }
  }

  private dtc(code: string, set: boolean, atMs: number): OutgoingMessage {
    return this.envelopes.message(
      'dtc',
      this.envelopes.stamp(atMs, this.sendAtMs, { DTC: { Code: code, Changed: set } }),
    );
  }

  private alert(driving: boolean, atMs: number, out: OutgoingMessage[]) {
    const type = this.random.pick(alertTypesFor(driving));
    out.push(
      this.envelopes.message(
        'event',
        this.envelopes.stamp(atMs, this.sendAtMs, {
          Alert: buildAlert(type, { driving, geoLocation: this.geoLocation() }, this.random),
        }),
      ),
    );
  }

  private geoLocation(): CvraGeoLocation {
    return {
      Latitude: round(this.position.latitude, 6),
      Longitude: round(this.position.longitude, 6),
      Altitude: round(this.altitude(), 1),
      Heading: round(this.heading, 1),
      Speed: round(this.speed * 3.6, 1),
    };
  }

  private cardata(atMs: number, ignition: 'off' | 'run'): OutgoingMessage {
    const { identity } = this.profile;
    const w = this.window;
    const odometer = Math.floor(this.odometer);
    // Each wheel's sensor counts a touch differently: tyre wear and pressure change its size.
    const [fl = 0, fr = 0, rl = 0, rr = 0] = this.wheelFactors.map((factor) =>
      Math.floor(this.odometer * TICKS_PER_METRE * factor),
    );
    const payload: CardataPayload = this.envelopes.stamp(atMs, this.sendAtMs, {
      SimulationId: this.options.simulationId ?? `sim-${this.profile.seed}`,
      // Undefined while parked, so JSON leaves it out.
      TripId: this.trip?.tripId,
      DriverID: this.driverId,
      Name: `${identity.model} ${identity.year} ${identity.colour}`,
      GeoLocation: this.geoLocation(),
      Communications: { GSM: this.modem.status(this.position) },
      Acceleration: {
        MaxLongitudinal: { Axis: 0, Value: round(w.longitudinal, 2) },
        MaxLateral: { Axis: 1, Value: round(w.lateral, 2) },
      },
      Throttle: {
        Max: round(w.maxThrottle, 1),
        Average: round(w.seconds > 0 ? w.throttleSeconds / w.seconds : 0, 1),
      },
      Speed: {
        Max: round(w.maxSpeedKmh, 1),
        Average: round(w.seconds > 0 ? (w.metres / w.seconds) * 3.6 : 0, 1),
      },
      Odometer: {
        Metres: odometer,
        TicksFL: fl,
        TicksFR: fr,
        TicksRL: rl,
        TicksRR: rr,
      },
      Fuel: round(this.fuelPercent(), 1),
      FuelInfo: {
        CurrentTripConsumption: round(this.trip?.fuelUsedLitres ?? 0, 3),
        TankCapacity: this.tankLitres,
      },
      OilTemp: round(this.oilTemp, 1),
      IgnitionStatus: ignition,
      SoftwareVersion: this.software,
    });
    this.window = new ReportWindow();
    return this.envelopes.message('cardata', payload);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * A simulated vehicle. Its random stream defaults to one derived from the fleet seed and the
 * vehicle's index, so a vehicle behaves the same whatever else the fleet contains.
 */
export function createVehicle(
  profile: VehicleProfile,
  options: VehicleSimulationOptions = {},
  random: Random = createRandom(deriveSeed(profile.seed, profile.identity.index, 'drive')),
): SimulatedVehicle {
  return new VehicleSimulation(profile, random, options);
}
