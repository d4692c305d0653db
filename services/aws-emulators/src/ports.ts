/** What the emulators need from the rest of local mode, injected so they stay broker-agnostic. */

/** Publishes an MQTT message as AWS IoT itself would (registry events, job notifications). */
export type IotPublisher = (topic: string, payload: unknown) => Promise<void> | void;

/** The registry as the Jobs emulator sees it. */
export interface ThingDirectory {
  hasThing(thingName: string): boolean;
  thingArn(thingName: string): string;
  /** Thing names in a thing group, or `undefined` when the group does not exist. */
  thingsInGroup(groupName: string): readonly string[] | undefined;
  /** Whether an event type (`THING`, `JOB_EXECUTION`, …) is enabled by UpdateEventConfigurations. */
  eventEnabled(eventType: string): boolean;
}

/** Milliseconds since the epoch; injected so rollout, abort and timeout tests need no real waits. */
export type Clock = () => number;
