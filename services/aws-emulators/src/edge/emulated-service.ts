import type { RestJsonRoute } from './rest-json-route';

/** A restJson1 service (IoT, the jobs data plane): operations are routed on method and path. */
export interface RestJsonService {
  /** The SigV4 signing name the SDK client puts in the credential scope, e.g. `iot`. */
  readonly signingName: string;
  readonly protocol: 'restJson1';
  readonly routes: readonly RestJsonRoute[];
}

/**
 * One awsJson1_1 operation: the parsed JSON body in, the JSON result (or a promise of it) out.
 * `unknown` already covers `Promise<unknown>`.
 */
export type AwsJsonOperation = (body: unknown) => unknown;

/** An awsJson1_1 service (SSM): `POST /` with `X-Amz-Target: {targetPrefix}.{Operation}`. */
export interface AwsJsonService {
  readonly signingName: string;
  readonly protocol: 'awsJson1_1';
  /** e.g. `AmazonSSM`. */
  readonly targetPrefix: string;
  readonly operations: Readonly<Record<string, AwsJsonOperation>>;
}

/** What the edge serves. Entries sharing a signing name are merged into one service. */
export type EmulatedService = RestJsonService | AwsJsonService;
