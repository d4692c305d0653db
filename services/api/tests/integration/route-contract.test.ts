import { CreateThingCommand } from '@aws-sdk/client-iot';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { API_ROUTES, ROLES, type Role } from '../../src';
import { type ApiHarness, type ApiRequest, startApiHarness } from '../support/api-harness';
import { FIXTURE_VEHICLES, TRIP_ID, vinOf } from '../support/fleet-fixture';
import { startTestAws } from '../support/local-aws';
import type { JobDetail } from '../support/responses';

let aws: Awaited<ReturnType<typeof startTestAws>>;
let api: ApiHarness;
let jobId: string;

beforeAll(async () => {
  aws = await startTestAws();
  api = await startApiHarness({ awsEndpoint: aws.url });
  for (const vehicle of FIXTURE_VEHICLES) {
    await api.deps.iot.send(new CreateThingCommand({ thingName: vehicle.deviceId }));
  }
  const created = await api.call<JobDetail>('POST', '/ota/jobs', {
    groups: ['engineer'],
    body: { desiredVersion: '9.9.9', deviceIds: ['tcu-1'] },
  });
  jobId = created.body.jobId;
});
afterAll(async () => {
  await api.close();
  await aws.dispose();
});

interface Sample {
  readonly path: () => string;
  /** A request the route answers with success. */
  readonly ok: ApiRequest;
  /** A request the route answers with 400. */
  readonly bad: ApiRequest & { readonly path?: () => string; readonly field: string };
}

const VIN = vinOf(0);

/** One successful and one bad request per operation; a new route without samples fails below. */
const SAMPLES: Record<string, Sample> = {
  aggregateVehicles: {
    path: () => '/vehicles/aggregate',
    ok: { query: { zoom: '4', make: 'Ford' } },
    bad: { query: { zoom: '99' }, field: 'zoom' },
  },
  filterVehicles: {
    path: () => '/vehicles/filter',
    ok: { query: { bbox: '-180,-90,180,90' } },
    bad: { query: { bbox: '1,2' }, field: 'bbox' },
  },
  lookupVehicle: {
    path: () => '/vehicles/lookup',
    ok: { query: { bbox: '13.39,52.51,13.41,52.53' } },
    bad: { query: {}, field: 'bbox' },
  },
  getVehicle: {
    path: () => `/vehicles/${VIN}`,
    ok: {},
    bad: { path: () => '/vehicles/not-a-vin', field: 'vin' },
  },
  listVehicleEvents: {
    path: () => `/vehicles/${VIN}/events`,
    ok: { query: { limit: '2' } },
    bad: { query: { limit: '-1' }, field: 'limit' },
  },
  listVehicleTrips: {
    path: () => `/vehicles/${VIN}/trips`,
    ok: {},
    bad: { query: { from: 'soon' }, field: 'from' },
  },
  listVehicleDtcs: {
    path: () => `/vehicles/${VIN}/dtcs`,
    ok: {},
    bad: { query: { nextToken: '!!' }, field: 'nextToken' },
  },
  listVehicleAnomalies: {
    path: () => `/vehicles/${VIN}/anomalies`,
    ok: {},
    bad: { query: { sort: 'asc' }, field: 'sort' },
  },
  getTripRoute: {
    path: () => `/vehicles/route/${TRIP_ID}`,
    ok: {},
    bad: { query: { simplify: 'yes' }, field: 'simplify' },
  },
  getTelemetrySeries: {
    path: () => `/vehicles/${VIN}/telemetry`,
    ok: { query: { interval: '1h' } },
    bad: { query: { interval: '0m' }, field: 'interval' },
  },
  getConfig: {
    path: () => '/config',
    ok: {},
    bad: { query: { verbose: 'true' }, field: 'verbose' },
  },
  putConfig: {
    path: () => '/config',
    ok: { body: { consoleRefreshIntervalSeconds: 15 } },
    bad: {
      body: { consoleRefreshIntervalSeconds: 'often' },
      field: 'consoleRefreshIntervalSeconds',
    },
  },
  listOtaJobs: {
    path: () => '/ota/jobs',
    ok: {},
    bad: { query: { status: 'DONE' }, field: 'status' },
  },
  previewOtaJob: {
    path: () => '/ota/jobs/preview',
    ok: { body: { filters: { make: ['Volvo'] } } },
    bad: { body: { filters: { make: 'Volvo' } }, field: 'filters.make' },
  },
  createOtaJob: {
    path: () => '/ota/jobs',
    ok: { body: { desiredVersion: '5.0.0', deviceIds: ['tcu-2'] } },
    bad: { body: { deviceIds: ['tcu-2'] }, field: 'desiredVersion' },
  },
  createDeviceOtaJob: {
    path: () => '/ota/jobs/device/tcu-3',
    ok: { body: { desiredVersion: '5.0.0' } },
    bad: { body: { desiredVersion: '5.0.0', timeoutMinutes: 0 }, field: 'timeoutMinutes' },
  },
  getOtaJob: {
    path: () => `/ota/jobs/${jobId}`,
    ok: {},
    bad: { path: () => '/ota/jobs/bad%20id', field: 'jobId' },
  },
  listOtaJobDevices: {
    path: () => `/ota/jobs/${jobId}/devices`,
    ok: {},
    bad: { query: { limit: '1000' }, field: 'limit' },
  },
  listOtaJobExecutions: {
    path: () => `/ota/jobs/${jobId}/devices/status`,
    ok: { query: { status: 'QUEUED' } },
    bad: { query: { status: 'queued' }, field: 'status' },
  },
  cancelOtaJob: {
    path: () => `/ota/jobs/${jobId}/cancel`,
    ok: { body: { comment: 'contract test' } },
    bad: { body: { force: 'yes' }, field: 'force' },
  },
  getOpenApiDocument: {
    path: () => '/openapi.json',
    ok: {},
    bad: { query: { format: 'yaml' }, field: 'format' },
  },
};

const protectedRoutes = API_ROUTES.filter((route) => route.access !== 'public');
const below = (role: Role) => ROLES.slice(0, ROLES.indexOf(role));

describe('every route', () => {
  it('has samples here, so none escapes the matrix', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(API_ROUTES.map((r) => r.operationId).sort());
  });

  it.each(protectedRoutes.map((r) => [r.operationId, r] as const))(
    '%s answers 401 without a token and 403 below its role',
    async (operationId, route) => {
      const sample = SAMPLES[operationId]!;
      const noToken = await api.call(route.method, sample.path(), { ...sample.ok, groups: null });
      expect(noToken.status).toBe(401);
      expect(noToken.body.error.code).toBe('Unauthorized');
      for (const groups of [[], ['fleet-ops'], ...below(route.access as Role).map((r) => [r])]) {
        const reply = await api.call(route.method, sample.path(), { ...sample.ok, groups });
        expect({ groups, status: reply.status }).toEqual({ groups, status: 403 });
      }
    },
  );

  it.each(API_ROUTES.map((r) => [r.operationId, r] as const))(
    '%s answers 400 naming the field for bad input',
    async (operationId, route) => {
      const { path, field, ...request } = SAMPLES[operationId]!.bad;
      const reply = await api.call(route.method, (path ?? SAMPLES[operationId]!.path)(), {
        ...request,
        groups: ['admin'],
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.issues.map((issue) => issue.field)).toContain(field);
    },
  );
});

describe('the OpenAPI document', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  interface Operation {
    operationId: string;
    security: unknown[];
    parameters: { name: string; in: string }[];
    responses: Record<string, { content: { 'application/json': { schema: object } } }>;
  }
  let document: { openapi: string; paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    const reply = await api.call<typeof document>('GET', '/openapi.json', { groups: null });
    expect(reply.status).toBe(200);
    document = reply.body;
  });

  it('is OpenAPI 3.1 and describes every route, its parameters and its security', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of API_ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect({ route: route.operationId, documented: operation?.operationId }).toEqual({
        route: route.operationId,
        documented: route.operationId,
      });
      const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const documented = operation!.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      expect(documented).toEqual(pathParams);
      expect(operation!.security).toEqual(route.access === 'public' ? [] : [{ cognito: [] }]);
    }
  });

  it.each(API_ROUTES.map((r) => [r.operationId, r] as const))(
    '%s answers with a body its documented schema accepts, and documents its query parameters',
    async (operationId, route) => {
      const sample = SAMPLES[operationId]!;
      const reply = await api.call(route.method, sample.path(), {
        ...sample.ok,
        groups: ['admin'],
      });
      expect(reply.status).toBe(route.status);
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      const schema = operation.responses[String(route.status)]!.content['application/json'].schema;
      const validate = ajv.compile(schema);
      expect({ valid: validate(reply.body), errors: validate.errors ?? null }).toEqual({
        valid: true,
        errors: null,
      });
      const queryNames = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      for (const name of Object.keys(sample.ok.query ?? {})) expect(queryNames).toContain(name);
    },
  );

  it('documents the error body every route answers with', () => {
    const errorSchema = ajv.compile(
      (document as unknown as { components: { schemas: { Error: object } } }).components.schemas
        .Error,
    );
    expect(
      errorSchema({
        error: {
          code: 'ValidationError',
          message: 'm',
          issues: [{ field: 'f', in: 'query', message: 'x' }],
        },
      }),
    ).toBe(true);
  });
});

describe('the handler', () => {
  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    expect((await api.call('GET', '/nowhere')).status).toBe(404);
    const wrong = await api.call('DELETE', '/config', { groups: ['admin'] });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, PUT');
  });

  it('adds CORS headers for the console origin only, and answers preflight', async () => {
    const allowed = await api.call('GET', '/openapi.json', { origin: 'http://localhost:3000' });
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const other = await api.call('GET', '/openapi.json', { origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api.call('OPTIONS', '/vehicles/aggregate', {
      origin: 'http://localhost:3000',
      groups: null,
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
  });
});
