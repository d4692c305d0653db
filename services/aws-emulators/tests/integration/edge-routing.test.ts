import { request } from 'node:http';
import {
  DescribeJobExecutionCommand as DescribeJobExecutionControlPlane,
  DescribeThingCommand,
  IoTClient,
  ListJobsCommand,
} from '@aws-sdk/client-iot';
import {
  DescribeJobExecutionCommand as DescribeJobExecutionDataPlane,
  IoTJobsDataPlaneClient,
} from '@aws-sdk/client-iot-jobs-data-plane';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { AwsServiceError } from '../../src/edge/aws-service-error';
import { type AwsEdge, startAwsEdge } from '../../src/edge/edge-server';
import type { RestJsonInput, RestJsonRoute } from '../../src/edge/rest-json-route';
import { authorization, clientConfig, expectAwsError, rawRequest } from '../support/aws-test-kit';

/** Throwaway routes standing in for Jobs: the same path under both signing names. */
const seen: { plane: string; input: RestJsonInput }[] = [];
const jobExecutionRoute = (plane: string): RestJsonRoute => ({
  operation: 'DescribeJobExecution',
  method: 'GET',
  path: '/things/{thingName}/jobs/{jobId}',
  handle(input) {
    seen.push({ plane, input });
    return {
      body: {
        execution: {
          jobId: input.params.jobId,
          thingName: input.params.thingName,
          status: plane === 'iot' ? 'QUEUED' : 'IN_PROGRESS',
          // The data plane models statusDetails as a plain map, the control plane wraps it.
          statusDetails: plane === 'iot' ? { detailsMap: { plane } } : { plane },
          queuedAt: 1_796_083_200.5,
          executionNumber: Number(input.query.get('executionNumber') ?? 1),
          versionNumber: 1,
        },
      },
    };
  },
});

const logs: string[] = [];
let edge: AwsEdge;
let iot: IoTClient;
let jobsData: IoTJobsDataPlaneClient;
let ssm: SSMClient;

beforeAll(async () => {
  edge = await startAwsEdge({
    host: '127.0.0.1',
    port: 0,
    log: (message) => logs.push(message),
    maxBodyBytes: 64 * 1024,
    services: [
      { signingName: 'iot', protocol: 'restJson1', routes: [jobExecutionRoute('iot')] },
      {
        signingName: 'iot',
        protocol: 'restJson1',
        routes: [
          {
            operation: 'DescribeThing',
            method: 'GET',
            path: '/things/{thingName}',
            handle(input) {
              if (input.params.thingName === 'broken') throw new Error('emulator bug');
              if (input.params.thingName === 'missing') {
                throw new AwsServiceError('ResourceNotFoundException', 'no such thing', 404);
              }
              return { body: { thingName: input.params.thingName, version: 3 } };
            },
          },
          {
            operation: 'Echo',
            method: 'POST',
            path: '/echo/{bucket}/{key+}',
            handle: (input) => ({ status: 201, body: { params: input.params, body: input.body } }),
          },
        ],
      },
      { signingName: 'iot-jobs-data', protocol: 'restJson1', routes: [jobExecutionRoute('data')] },
      {
        signingName: 'ssm',
        protocol: 'awsJson1_1',
        targetPrefix: 'AmazonSSM',
        operations: {
          GetParameter: (body) => ({
            Parameter: {
              Name: (body as { Name: string }).Name,
              Value: 'v',
              Version: 1,
              LastModifiedDate: 1_796_083_200,
            },
          }),
          PutParameter: () => ({ Version: 1 }),
        },
      },
    ],
  });
  iot = new IoTClient(clientConfig(edge.url));
  jobsData = new IoTJobsDataPlaneClient(clientConfig(edge.url));
  ssm = new SSMClient(clientConfig(edge.url));
});

afterAll(async () => {
  iot.destroy();
  jobsData.destroy();
  ssm.destroy();
  await edge.close();
});

describe('routing on the credential scope', () => {
  it('sends GET /things/{thing}/jobs/{jobId} to the control plane or the data plane by signing name', async () => {
    seen.length = 0;
    const control = await iot.send(
      new DescribeJobExecutionControlPlane({
        thingName: 'car:1',
        jobId: 'ota-1',
        executionNumber: 4,
      }),
    );
    const data = await jobsData.send(
      new DescribeJobExecutionDataPlane({ thingName: 'car:1', jobId: 'ota-1' }),
    );
    expect(control.execution?.statusDetails?.detailsMap).toEqual({ plane: 'iot' });
    expect(control.execution?.status).toBe('QUEUED');
    expect(control.execution?.executionNumber).toBe(4);
    expect(control.execution?.queuedAt).toEqual(new Date(1_796_083_200_500));
    expect(data.execution?.statusDetails).toEqual({ plane: 'data' });
    expect(data.execution?.status).toBe('IN_PROGRESS');
    expect(seen.map((s) => [s.plane, s.input.params])).toEqual([
      ['iot', { thingName: 'car:1', jobId: 'ota-1' }],
      ['data', { thingName: 'car:1', jobId: 'ota-1' }],
    ]);
  });

  it('merges routes registered separately under one signing name', async () => {
    const thing = await iot.send(new DescribeThingCommand({ thingName: 'car-2' }));
    expect(thing).toMatchObject({ thingName: 'car-2', version: 3 });
  });

  it('serves awsJson1_1 on the same port', async () => {
    const result = await ssm.send(new GetParameterCommand({ Name: '/fleet/x' }));
    expect(result.Parameter).toMatchObject({ Name: '/fleet/x', Value: 'v' });
    expect(result.Parameter?.LastModifiedDate).toEqual(new Date(1_796_083_200_000));
  });

  it('routes a presigned request on its X-Amz-Credential', async () => {
    const response = await rawRequest(edge.url, {
      path: '/things/car-3?X-Amz-Credential=test%2F20261201%2Fus-east-1%2Fiot%2Faws4_request',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ thingName: 'car-3', version: 3 });
  });

  it('refuses an unsigned request, naming the problem', async () => {
    const response = await rawRequest(edge.url, { path: '/things/car-1' });
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(response.body).message).toMatch(/not signed/);
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a malformed credential scope', async () => {
    const response = await rawRequest(edge.url, {
      path: '/things/car-1',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/us-east-1/iot, Signature=0' },
    });
    expect(response.status).toBe(403);
    expect(response.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
    expect(JSON.parse(response.body).message).toMatch(/credential scope/);
  });

  it('refuses a service it does not emulate, listing those it does', async () => {
    const response = await rawRequest(edge.url, {
      path: '/bucket/key',
      headers: { authorization: authorization('s3') },
    });
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.__type).toBe('UnknownServiceException');
    expect(body.message).toBe(
      'No emulated AWS service signs as "s3" (emulated: iot, iot-jobs-data, ssm)',
    );
    expect(logs.some((line) => line.includes('"s3"'))).toBe(true);
  });

  it('answers an SDK client of an unknown service with an error it can name', async () => {
    const onlyIot = await startAwsEdge({
      host: '127.0.0.1',
      port: 0,
      services: [{ signingName: 'iot', protocol: 'restJson1', routes: [] }],
    });
    const client = new SSMClient(clientConfig(onlyIot.url));
    try {
      await expectAwsError(
        client.send(new GetParameterCommand({ Name: 'x' })),
        'UnknownServiceException',
      );
    } finally {
      client.destroy();
      await onlyIot.close();
    }
  });
});

describe('unknown operations', () => {
  it('answers a restJson1 route nobody serves with 404 UnknownOperationException', async () => {
    const error = await expectAwsError(
      iot.send(new ListJobsCommand({})),
      'UnknownOperationException',
    );
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
    expect(error.message).toBe('iot has no operation for GET /jobs');
  });

  it('matches the method too', async () => {
    const response = await rawRequest(edge.url, {
      method: 'DELETE',
      path: '/things/car-1',
      headers: { authorization: authorization('iot') },
    });
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('answers an awsJson1_1 target nobody serves with UnknownOperationException', async () => {
    const error = await expectAwsError(
      ssm.send(new DescribeParametersCommand({})),
      'UnknownOperationException',
    );
    expect(error.message).toBe('ssm has no operation AmazonSSM.DescribeParameters');
  });

  it.each([
    ['a missing X-Amz-Target', 'POST', '/', undefined],
    ['another target prefix', 'POST', '/', 'AmazonEC2.GetParameter'],
    ['a GET', 'GET', '/', 'AmazonSSM.GetParameter'],
    ['another path', 'POST', '/parameters', 'AmazonSSM.GetParameter'],
  ])('refuses an awsJson1_1 request with %s', async (_case, method, path, target) => {
    const response = await rawRequest(edge.url, {
      method,
      path,
      headers: {
        authorization: authorization('ssm'),
        'content-type': 'application/x-amz-json-1.1',
        ...(target === undefined ? {} : { 'x-amz-target': target }),
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).__type).toBe('UnknownOperationException');
  });
});

describe('bodies', () => {
  it('passes greedy labels, parsed JSON and the route status through', async () => {
    const response = await rawRequest(edge.url, {
      method: 'POST',
      path: '/echo/b1/dir/file%20name.json',
      headers: { authorization: authorization('iot'), 'content-type': 'application/json' },
      body: JSON.stringify({ a: [1, 2] }),
    });
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toEqual({
      params: { bucket: 'b1', key: 'dir/file name.json' },
      body: { a: [1, 2] },
    });
  });

  it('refuses malformed JSON with InvalidRequestException on restJson1', async () => {
    const response = await rawRequest(edge.url, {
      method: 'POST',
      path: '/echo/b1/k',
      headers: { authorization: authorization('iot'), 'content-type': 'application/json' },
      body: '{"a": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(JSON.parse(response.body).message).toMatch(/not valid JSON/);
  });

  it.each([
    ['malformed JSON', '{"Name": '],
    ['a JSON array', '["Name"]'],
    ['a JSON string', '"Name"'],
  ])('refuses %s with SerializationException on awsJson1_1', async (_case, body) => {
    const response = await rawRequest(edge.url, {
      method: 'POST',
      path: '/',
      headers: {
        authorization: authorization('ssm'),
        'x-amz-target': 'AmazonSSM.GetParameter',
        'content-type': 'application/x-amz-json-1.1',
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(response.body).__type).toBe('SerializationException');
  });

  it('refuses a body over the limit from the SDK with 413', async () => {
    const error = await expectAwsError(
      ssm.send(
        new PutParameterCommand({ Name: '/big', Value: 'x'.repeat(100 * 1024), Type: 'String' }),
      ),
      'RequestEntityTooLargeException',
    );
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(413);
    expect(error.message).toBe('Request body exceeds the 65536-byte limit of the local AWS edge');
  });

  it('refuses a streamed body once it passes the limit, without waiting for the rest', async () => {
    // Chunked, so no Content-Length warns the edge: it must count while reading.
    const response = await new Promise<{ status: number; type: unknown }>((resolve, reject) => {
      const req = request(
        `${edge.url}/echo/b1/k`,
        { method: 'POST', headers: { authorization: authorization('iot') } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, type: res.headers['x-amzn-errortype'] });
          req.destroy();
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
      });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      // Far more than the limit, written until the answer arrives (the request never ends).
      let written = 0;
      const pump = () => {
        while (written < 16 * 1024 * 1024 && req.write(chunk)) written += chunk.length;
      };
      req.on('drain', pump);
      pump();
    });
    expect(response).toEqual({ status: 413, type: 'RequestEntityTooLargeException' });
    // The edge still serves.
    await expect(iot.send(new DescribeThingCommand({ thingName: 'after' }))).resolves.toMatchObject(
      {
        thingName: 'after',
      },
    );
  });
});

describe('errors from operations', () => {
  it('renders a modelled error so the SDK throws its exception class', async () => {
    const error = await expectAwsError(
      iot.send(new DescribeThingCommand({ thingName: 'missing' })),
      'ResourceNotFoundException',
    );
    expect(error.message).toBe('no such thing');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(404);
  });

  it('turns an emulator fault into a logged 500 InternalFailureException', async () => {
    logs.length = 0;
    const error = await expectAwsError(
      iot.send(new DescribeThingCommand({ thingName: 'broken' })),
      'InternalFailureException',
    );
    expect(error.message).toMatch(/emulator bug/);
    expect(
      logs.some(
        (line) => line.includes('iot DescribeThing failed') && line.includes('emulator bug'),
      ),
    ).toBe(true);
  });
});

describe('close', () => {
  it('closes promptly even with kept-alive SDK connections open', async () => {
    const temporary = await startAwsEdge({
      host: '127.0.0.1',
      port: 0,
      services: [{ signingName: 'iot', protocol: 'restJson1', routes: [jobExecutionRoute('iot')] }],
    });
    const client = new IoTClient(clientConfig(temporary.url));
    await client.send(new DescribeJobExecutionControlPlane({ thingName: 't', jobId: 'j' }));
    const started = Date.now();
    await temporary.close();
    expect(Date.now() - started).toBeLessThan(2_000);
    client.destroy();
    await expect(rawRequest(temporary.url, { path: '/' })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
