import { z } from 'zod';
import { apiErrorBody } from './api-error-schema';
import type { Route } from './route';

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
};

interface ObjectSchema {
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: readonly string[];
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const object = toSchema(schema, 'output') as ObjectSchema;
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || (object.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: propertySchema,
      ...(property.type === 'array' ? { style: 'form', explode: true } : {}),
    };
  });
}

const errorRef = { $ref: '#/components/schemas/Error' };

const errorResponses = (route: Route) => {
  const responses: Record<string, unknown> = {
    '400': { description: 'A parameter or the body is invalid; `issues` names each field.' },
  };
  if (route.access !== 'public') {
    responses['401'] = { description: 'No valid token.' };
    responses['403'] = { description: `The caller lacks the ${route.access} role.` };
  }
  for (const response of Object.values(responses)) {
    (response as Record<string, unknown>).content = { 'application/json': { schema: errorRef } };
  }
  return responses;
};

/** The OpenAPI 3.1 document, built from the same zod schemas that validate every request. */
export function buildOpenApiDocument(routes: readonly Route[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ cognito: [] }],
      'x-fleet-role': route.access,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: {
        [String(route.status)]: {
          description: 'Success',
          content: { 'application/json': { schema: toSchema(route.response, 'output') } },
        },
        ...errorResponses(route),
      },
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fleet Manager API',
      version: info.version,
      description:
        'Vehicles, map clusters, trips, routes, events, config and OTA jobs. Send the Cognito ID token as a bearer token.',
    },
    paths,
    components: {
      schemas: { Error: toSchema(apiErrorBody, 'output') },
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
