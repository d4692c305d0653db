import { IOT_VALIDATION, parseRequest } from '../edge/request-validation';
import type { RestJsonInput } from '../edge/rest-json-route';
import { thingNameLabel } from './registry-requests';

/** What the registry's and the security routes read from a restJson1 request. */

/** restJson1 sends no body for an operation without body members; zod sees `{}`. */
export const bodyOf = (input: RestJsonInput) => input.body ?? {};

export const queryOf = (input: RestJsonInput) => Object.fromEntries(input.query);

export const thingName = (input: RestJsonInput) =>
  parseRequest(thingNameLabel, input.params, IOT_VALIDATION).thingName;
