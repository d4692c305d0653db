import { THING_NAME, oversizedPayload } from '@fleet/device-contract';

export interface InternalIdentity {
  readonly username: string;
  readonly password: string;
}

/** Who a connected client is: a registered device (thing) or one of our own components. */
export type ClientIdentity =
  { readonly kind: 'device'; readonly thingName: string } | { readonly kind: 'internal' };

/**
 * The IoT policy the infra issue deploys, enforced locally: a device connects with its own thing
 * name as client id, publishes only under `dt/cvra/{thing}/` and its own `$aws/things/{thing}/`
 * topics, and subscribes only to the latter. Returns why a request is refused, or undefined.
 */
export const devicePolicy = {
  connect(clientId: string, isRegistered: (thing: string) => boolean): string | undefined {
    if (!THING_NAME.test(clientId)) return `client id "${clientId}" is not a valid thing name`;
    if (!isRegistered(clientId)) return `client id "${clientId}" is not a registered thing`;
    return undefined;
  },

  publish(thingName: string, topic: string, payloadBytes: number): string | undefined {
    const oversized = oversizedPayload(payloadBytes);
    if (oversized) return oversized;
    if (
      topic.startsWith(`dt/cvra/${thingName}/`) ||
      topic.startsWith(`$aws/things/${thingName}/`)
    ) {
      return undefined;
    }
    return `${thingName} may not publish on ${topic}`;
  },

  subscribe(thingName: string, topicFilter: string): string | undefined {
    if (topicFilter.startsWith(`$aws/things/${thingName}/`)) return undefined;
    return `${thingName} may not subscribe to ${topicFilter}`;
  },
};
