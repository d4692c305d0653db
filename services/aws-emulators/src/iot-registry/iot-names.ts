/** Names and ARNs of registry resources, as the IoT model constrains them. */

/** Thing, thing type and thing group names. */
export const RESOURCE_NAME_PATTERN = '[a-zA-Z0-9:_-]+';
export const ATTRIBUTE_NAME_PATTERN = '[a-zA-Z0-9_.,@/:#-]+';
export const ATTRIBUTE_VALUE_PATTERN = '[a-zA-Z0-9_.,@/:#=\\[\\]-]*';

export interface IotScope {
  readonly region: string;
  readonly accountId: string;
}

export type IotResourceKind = 'thing' | 'thinggroup' | 'thingtype';

export function iotArn(scope: IotScope, kind: IotResourceKind, name: string): string {
  return `arn:aws:iot:${scope.region}:${scope.accountId}:${kind}/${name}`;
}

/** The name in one of our ARNs of `kind`; `undefined` for any other ARN. */
export function nameFromArn(
  scope: IotScope,
  kind: IotResourceKind,
  arn: string,
): string | undefined {
  const prefix = `arn:aws:iot:${scope.region}:${scope.accountId}:${kind}/`;
  const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
  return name !== undefined && new RegExp(`^${RESOURCE_NAME_PATTERN}$`).test(name)
    ? name
    : undefined;
}
