/** Names and ARNs of registry resources, as the IoT model constrains them. */

/** Thing, thing type and thing group names. */
export const RESOURCE_NAME_PATTERN = '[a-zA-Z0-9:_-]+';
export const ATTRIBUTE_NAME_PATTERN = '[a-zA-Z0-9_.,@/:#-]+';
export const ATTRIBUTE_VALUE_PATTERN = '[a-zA-Z0-9_.,@/:#=\\[\\]-]*';
/** IoT policy names. */
export const POLICY_NAME_PATTERN = '[\\w+=,.@-]+';
/** Certificate ids: 64 hex digits (IoT issues the SHA-256 of the certificate's DER). */
export const CERTIFICATE_ID_PATTERN = '(0x)?[a-fA-F0-9]+';

export interface IotScope {
  readonly region: string;
  readonly accountId: string;
}

export type IotResourceKind = 'thing' | 'thinggroup' | 'thingtype' | 'policy' | 'cert';

const NAME_PATTERNS: Readonly<Record<IotResourceKind, string>> = {
  thing: RESOURCE_NAME_PATTERN,
  thinggroup: RESOURCE_NAME_PATTERN,
  thingtype: RESOURCE_NAME_PATTERN,
  policy: POLICY_NAME_PATTERN,
  cert: CERTIFICATE_ID_PATTERN,
};

export function iotArn(scope: IotScope, kind: IotResourceKind, name: string): string {
  return `arn:aws:iot:${scope.region}:${scope.accountId}:${kind}/${name}`;
}

/** The name (or certificate id) in one of our ARNs of `kind`; `undefined` for any other ARN. */
export function nameFromArn(
  scope: IotScope,
  kind: IotResourceKind,
  arn: string,
): string | undefined {
  const prefix = `arn:aws:iot:${scope.region}:${scope.accountId}:${kind}/`;
  const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
  return name !== undefined && new RegExp(`^(?:${NAME_PATTERNS[kind]})$`).test(name)
    ? name
    : undefined;
}
