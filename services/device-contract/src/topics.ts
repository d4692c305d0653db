export const DEVICE_MESSAGE_KINDS = ['cardata', 'dtc', 'trip', 'event'] as const;
export type DeviceMessageKind = (typeof DEVICE_MESSAGE_KINDS)[number];

/** IoT Core's limit on one MQTT message; larger publishes are refused. */
export const MAX_PAYLOAD_BYTES = 128 * 1024;

/** Why a message of `bytes` is refused, or undefined when IoT Core would take it. */
export function oversizedPayload(bytes: number): string | undefined {
  return bytes > MAX_PAYLOAD_BYTES
    ? `payload of ${bytes} bytes is over the ${MAX_PAYLOAD_BYTES}-byte limit`
    : undefined;
}

/** IoT thing names: 1–128 of letters, digits, `:`, `_` and `-`. */
export const THING_NAME = /^[A-Za-z0-9:_-]{1,128}$/;

/** The topic a device publishes one kind of message on. */
export function deviceTopic(deviceId: string, kind: DeviceMessageKind): string {
  return `dt/cvra/${deviceId}/${kind}`;
}

/** The topic prefix a device may publish under: its own, nothing else. */
export function deviceTopicPrefix(deviceId: string): string {
  return `dt/cvra/${deviceId}/`;
}

export function isDeviceMessageKind(value: string): value is DeviceMessageKind {
  return (DEVICE_MESSAGE_KINDS as readonly string[]).includes(value);
}

/** `{deviceId, kind}` of a device data topic, or undefined when the topic is not one. */
export function parseDeviceTopic(
  topic: string,
): { deviceId: string; kind: DeviceMessageKind } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== 'dt' || parts[1] !== 'cvra') return undefined;
  const [, , deviceId, kind] = parts;
  if (!deviceId || !THING_NAME.test(deviceId) || !kind || !isDeviceMessageKind(kind)) {
    return undefined;
  }
  return { deviceId, kind };
}
