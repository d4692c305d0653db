import type { EmulatedService } from '../../src/edge/emulated-service';
import { mergeServices } from '../../src/edge/merge-services';
import type { RestJsonRoute } from '../../src/edge/rest-json-route';

const route = (
  operation: string,
  method: RestJsonRoute['method'],
  path: string,
): RestJsonRoute => ({
  operation,
  method,
  path,
  handle: () => ({ body: { operation } }),
});
const rest = (signingName: string, ...routes: RestJsonRoute[]): EmulatedService => ({
  signingName,
  protocol: 'restJson1',
  routes,
});
const json = (
  signingName: string,
  targetPrefix: string,
  ...operations: string[]
): EmulatedService => ({
  signingName,
  protocol: 'awsJson1_1',
  targetPrefix,
  operations: Object.fromEntries(operations.map((op) => [op, () => ({})])),
});

describe('mergeServices', () => {
  it('merges entries that share a signing name', () => {
    const protocols = mergeServices([
      rest('iot', route('DescribeThing', 'GET', '/things/{thingName}')),
      rest('iot', route('DescribeJob', 'GET', '/jobs/{jobId}')),
      json('ssm', 'AmazonSSM', 'GetParameter'),
      json('ssm', 'AmazonSSM', 'PutParameter'),
    ]);
    expect([...protocols.keys()].sort()).toEqual(['iot', 'ssm']);
    const request = (method: string, path: string, target?: string) => ({
      method,
      path,
      query: new URLSearchParams(),
      headers: target === undefined ? {} : { 'x-amz-target': target },
    });
    expect(protocols.get('iot')!.resolve(request('GET', '/jobs/j1')).operation).toBe('DescribeJob');
    expect(protocols.get('iot')!.resolve(request('GET', '/things/t1')).operation).toBe(
      'DescribeThing',
    );
    expect(
      protocols.get('ssm')!.resolve(request('POST', '/', 'AmazonSSM.PutParameter')).operation,
    ).toBe('PutParameter');
  });

  it('refuses two routes for the same method and path shape', () => {
    expect(() =>
      mergeServices([
        rest('iot', route('DescribeJobExecution', 'GET', '/things/{thingName}/jobs/{jobId}')),
        rest('iot', route('Other', 'GET', '/things/{name}/jobs/{id}')),
      ]),
    ).toThrow(/DescribeJobExecution and Other both route GET/);
  });

  it('allows the same path under different signing names or methods', () => {
    expect(
      mergeServices([
        rest('iot', route('A', 'GET', '/things/{thingName}/jobs/{jobId}')),
        rest('iot-jobs-data', route('B', 'GET', '/things/{thingName}/jobs/{jobId}')),
        rest('iot', route('C', 'POST', '/things/{thingName}/jobs/{jobId}')),
      ]).size,
    ).toBe(2);
  });

  it('refuses mixed protocols, duplicate operations, two target prefixes and bad names', () => {
    expect(() => mergeServices([rest('ssm'), json('ssm', 'AmazonSSM')])).toThrow(/two protocols/);
    expect(() => mergeServices([json('ssm', 'AmazonSSM'), rest('ssm')])).toThrow(/two protocols/);
    expect(() =>
      mergeServices([
        json('ssm', 'AmazonSSM', 'GetParameter'),
        json('ssm', 'AmazonSSM', 'GetParameter'),
      ]),
    ).toThrow(/defines GetParameter twice/);
    expect(() => mergeServices([json('ssm', 'AmazonSSM'), json('ssm', 'OtherPrefix')])).toThrow(
      /two target prefixes/,
    );
    expect(() => mergeServices([rest('IoT Core')])).toThrow(/invalid signing name/);
  });
});
