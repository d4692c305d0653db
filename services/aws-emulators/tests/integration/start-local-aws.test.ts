import { CreateThingCommand, IoTClient } from '@aws-sdk/client-iot';
import {
  GetPendingJobExecutionsCommand,
  IoTJobsDataPlaneClient,
} from '@aws-sdk/client-iot-jobs-data-plane';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalAws } from '../../src/start-local-aws';
import { clientConfig, tempDir } from '../support/aws-test-kit';

describe('startLocalAws', () => {
  const data = tempDir('local-aws');
  afterAll(() => data.remove());

  it('serves the IoT registry, IoT Jobs and SSM from one edge', async () => {
    const published: string[] = [];
    const aws = await startLocalAws({
      host: '127.0.0.1',
      port: 0,
      dataDir: data.dir,
      region: 'eu-west-1',
      accountId: '123456789012',
      enableEvents: ['THING'],
      publish: (topic) => {
        published.push(topic);
      },
    });
    const config = { ...clientConfig(aws.url), region: 'eu-west-1' };
    const iot = new IoTClient(config);
    const ssm = new SSMClient(config);
    const jobs = new IoTJobsDataPlaneClient(config);
    try {
      expect(aws).toMatchObject({ region: 'eu-west-1', accountId: '123456789012' });
      expect(aws.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const created = await iot.send(
        new CreateThingCommand({
          thingName: 'car-9',
          attributePayload: { attributes: { vin: 'VIN9' } },
        }),
      );
      expect(created.thingArn).toBe('arn:aws:iot:eu-west-1:123456789012:thing/car-9');
      expect(published).toEqual(['$aws/events/thing/car-9/created']);
      expect(aws.registry.describe('car-9')).toEqual({
        thingName: 'car-9',
        thingId: created.thingId,
        thingArn: created.thingArn,
        attributes: { vin: 'VIN9' },
        version: 1,
      });
      expect(aws.registry.thingNames()).toEqual(['car-9']);
      expect(aws.registry.describe('car-0')).toBeUndefined();

      await expect(
        jobs.send(new GetPendingJobExecutionsCommand({ thingName: 'car-9' })),
      ).resolves.toMatchObject({ inProgressJobs: [], queuedJobs: [] });

      await expect(
        ssm.send(new PutParameterCommand({ Name: '/fleet/config/x', Value: '1', Type: 'String' })),
      ).resolves.toMatchObject({ Version: 1 });
      expect(aws.parameters.getParameter({ Name: '/fleet/config/x' }).Parameter.ARN).toBe(
        'arn:aws:ssm:eu-west-1:123456789012:parameter/fleet/config/x',
      );
    } finally {
      iot.destroy();
      ssm.destroy();
      jobs.destroy();
      await aws.close();
    }
  });

  it('keeps registry calls working when the broker fails to take an event', async () => {
    const logs: string[] = [];
    const dir = tempDir('broker-down');
    const aws = await startLocalAws({
      host: '127.0.0.1',
      port: 0,
      dataDir: dir.dir,
      log: (line) => logs.push(line),
      publish: () => Promise.reject(new Error('broker down')),
    });
    aws.registry.setEventEnabled('THING', true);
    const iot = new IoTClient(clientConfig(aws.url));
    try {
      await expect(iot.send(new CreateThingCommand({ thingName: 'car-1' }))).resolves.toMatchObject(
        {
          thingName: 'car-1',
        },
      );
      expect(logs).toContain(
        'registry event on $aws/events/thing/car-1/created not published: Error: broker down',
      );
    } finally {
      iot.destroy();
      await aws.close();
      dir.remove();
    }
  });
});
