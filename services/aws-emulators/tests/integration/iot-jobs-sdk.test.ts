import {
  CancelJobCommand,
  CancelJobExecutionCommand,
  CreateJobCommand,
  DeleteJobCommand,
  DescribeJobCommand,
  DescribeJobExecutionCommand,
  GetJobDocumentCommand,
  IoTClient,
  ListJobExecutionsForJobCommand,
  ListJobExecutionsForThingCommand,
  ListJobsCommand,
  paginateListJobs,
} from '@aws-sdk/client-iot';
import {
  DescribeJobExecutionCommand as DataDescribeJobExecutionCommand,
  GetPendingJobExecutionsCommand,
  IoTJobsDataPlaneClient,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
} from '@aws-sdk/client-iot-jobs-data-plane';
import { type AwsEdge, startAwsEdge } from '../../src/edge/edge-server';
import {
  ACCOUNT,
  JobsHarness,
  MINUTE,
  OTA_DOCUMENT,
  REGION,
  START,
  groupArn,
  thingArn,
} from '../support/iot-jobs-harness';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The SDK error a call rejects with. */
async function sdkError(call: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await call;
  } catch (err) {
    const error = err as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: error.name, status: error.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('IoT Jobs through the AWS SDK clients and the edge', () => {
  let h: JobsHarness;
  let edge: AwsEdge;
  let iot: IoTClient;
  let jobsData: IoTJobsDataPlaneClient;

  beforeAll(async () => {
    h = new JobsHarness();
    h.addGroup('fleet', ['vin-1', 'vin-2', 'vin-3']);
    h.addThings('solo');
    edge = await startAwsEdge({
      host: '127.0.0.1',
      port: 0,
      services: [
        { signingName: 'iot', protocol: 'restJson1', routes: h.jobs.controlPlaneRoutes },
        { signingName: 'iot-jobs-data', protocol: 'restJson1', routes: h.jobs.dataPlaneRoutes },
      ],
    });
    iot = new IoTClient({ endpoint: edge.url, region: REGION, credentials });
    jobsData = new IoTJobsDataPlaneClient({ endpoint: edge.url, region: REGION, credentials });
  });

  afterAll(async () => {
    iot.destroy();
    jobsData.destroy();
    await edge.close();
    await h.dispose();
  });

  it('runs an OTA job from creation to completion', async () => {
    const created = await iot.send(
      new CreateJobCommand({
        jobId: 'ota-sdk',
        targets: [groupArn('fleet')],
        document: OTA_DOCUMENT,
        description: 'OTA 2.4.0',
        jobExecutionsRolloutConfig: { maximumPerMinute: 2 },
        abortConfig: {
          criteriaList: [
            {
              failureType: 'FAILED',
              action: 'CANCEL',
              thresholdPercentage: 90,
              minNumberOfExecutedThings: 3,
            },
          ],
        },
        timeoutConfig: { inProgressTimeoutInMinutes: 30 },
      }),
    );
    expect(created).toMatchObject({
      jobArn: `arn:aws:iot:${REGION}:${ACCOUNT}:job/ota-sdk`,
      jobId: 'ota-sdk',
      description: 'OTA 2.4.0',
    });

    const { job } = await iot.send(new DescribeJobCommand({ jobId: 'ota-sdk' }));
    expect(job).toMatchObject({
      status: 'IN_PROGRESS',
      targetSelection: 'SNAPSHOT',
      jobExecutionsRolloutConfig: { maximumPerMinute: 2 },
      timeoutConfig: { inProgressTimeoutInMinutes: 30 },
      jobProcessDetails: { numberOfQueuedThings: 2 },
    });
    expect(job!.createdAt).toEqual(new Date(START));

    const document = await iot.send(new GetJobDocumentCommand({ jobId: 'ota-sdk' }));
    expect(document.document).toBe(OTA_DOCUMENT);

    // The device side, over HTTP.
    const pending = await jobsData.send(new GetPendingJobExecutionsCommand({ thingName: 'vin-1' }));
    expect(pending.queuedJobs).toEqual([
      expect.objectContaining({ jobId: 'ota-sdk', versionNumber: 1, queuedAt: START / 1000 }),
    ]);
    const next = await jobsData.send(
      new DataDescribeJobExecutionCommand({ thingName: 'vin-1', jobId: '$next' }),
    );
    expect(next.execution).toMatchObject({ jobId: 'ota-sdk', jobDocument: OTA_DOCUMENT });

    const started = await jobsData.send(
      new StartNextPendingJobExecutionCommand({
        thingName: 'vin-1',
        statusDetails: { phase: 'download' },
        stepTimeoutInMinutes: 10,
      }),
    );
    expect(started.execution).toMatchObject({
      jobId: 'ota-sdk',
      thingName: 'vin-1',
      status: 'IN_PROGRESS',
      statusDetails: { phase: 'download' },
      versionNumber: 2,
      approximateSecondsBeforeTimedOut: 600,
    });

    const updated = await jobsData.send(
      new UpdateJobExecutionCommand({
        thingName: 'vin-1',
        jobId: 'ota-sdk',
        status: 'SUCCEEDED',
        statusDetails: { installed: '2.4.0' },
        expectedVersion: 2,
        includeJobExecutionState: true,
        includeJobDocument: true,
      }),
    );
    expect(updated).toMatchObject({
      executionState: {
        status: 'SUCCEEDED',
        statusDetails: { phase: 'download', installed: '2.4.0' },
        versionNumber: 3,
      },
      jobDocument: OTA_DOCUMENT,
    });

    const execution = await iot.send(
      new DescribeJobExecutionCommand({ thingName: 'vin-1', jobId: 'ota-sdk' }),
    );
    expect(execution.execution).toMatchObject({
      status: 'SUCCEEDED',
      thingArn: thingArn('vin-1'),
      statusDetails: { detailsMap: { phase: 'download', installed: '2.4.0' } },
      versionNumber: 3,
    });
    expect(execution.execution!.lastUpdatedAt).toEqual(new Date(START));

    // The rollout's second minute releases the third thing.
    h.clock.advance(MINUTE);
    h.tick();
    for (const thingName of ['vin-2', 'vin-3']) {
      await jobsData.send(
        new UpdateJobExecutionCommand({ thingName, jobId: 'ota-sdk', status: 'SUCCEEDED' }),
      );
    }
    const done = await iot.send(new DescribeJobCommand({ jobId: 'ota-sdk' }));
    expect(done.job).toMatchObject({
      status: 'COMPLETED',
      completedAt: new Date(START + MINUTE),
      jobProcessDetails: { numberOfSucceededThings: 3, numberOfQueuedThings: 0 },
    });

    const listed = await iot.send(
      new ListJobExecutionsForJobCommand({ jobId: 'ota-sdk', status: 'SUCCEEDED', maxResults: 2 }),
    );
    expect(listed.executionSummaries).toHaveLength(2);
    expect(listed.executionSummaries![0]).toMatchObject({
      thingArn: thingArn('vin-1'),
      jobExecutionSummary: { status: 'SUCCEEDED', executionNumber: 1 },
    });
    const rest = await iot.send(
      new ListJobExecutionsForJobCommand({ jobId: 'ota-sdk', nextToken: listed.nextToken }),
    );
    expect(rest.executionSummaries).toHaveLength(1);
    expect(h.on('$aws/events/jobExecution/ota-sdk/succeeded')).toHaveLength(3);
  });

  it('answers with the real error types', async () => {
    await iot.send(
      new CreateJobCommand({
        jobId: 'ota-err',
        targets: [thingArn('solo')],
        document: OTA_DOCUMENT,
      }),
    );
    expect(
      await sdkError(
        iot.send(
          new CreateJobCommand({
            jobId: 'ota-err',
            targets: [thingArn('solo')],
            document: OTA_DOCUMENT,
          }),
        ),
      ),
    ).toEqual({ name: 'ResourceAlreadyExistsException', status: 409 });
    expect(
      await sdkError(
        iot.send(
          new CreateJobCommand({
            jobId: 'ota-ghost',
            targets: [thingArn('ghost')],
            document: OTA_DOCUMENT,
          }),
        ),
      ),
    ).toEqual({ name: 'ResourceNotFoundException', status: 404 });
    expect(
      await sdkError(
        iot.send(
          new CreateJobCommand({
            jobId: 'ota-bad',
            targets: [thingArn('solo')],
            document: OTA_DOCUMENT,
            targetSelection: 'SOMETIMES' as never,
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidRequestException', status: 400 });
    expect(await sdkError(iot.send(new GetJobDocumentCommand({ jobId: 'nope' })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
    });

    await jobsData.send(
      new UpdateJobExecutionCommand({ thingName: 'solo', jobId: 'ota-err', status: 'IN_PROGRESS' }),
    );
    expect(
      await sdkError(
        jobsData.send(
          new UpdateJobExecutionCommand({
            thingName: 'solo',
            jobId: 'ota-err',
            status: 'SUCCEEDED',
            expectedVersion: 1,
          }),
        ),
      ),
    ).toEqual({ name: 'VersionConflictException', status: 409 });
    await jobsData.send(
      new UpdateJobExecutionCommand({ thingName: 'solo', jobId: 'ota-err', status: 'FAILED' }),
    );
    expect(
      await sdkError(
        jobsData.send(
          new UpdateJobExecutionCommand({
            thingName: 'solo',
            jobId: 'ota-err',
            status: 'SUCCEEDED',
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidStateTransitionException', status: 409 });
    expect(
      await sdkError(
        jobsData.send(
          new DataDescribeJobExecutionCommand({ thingName: 'solo', jobId: 'ota-none' }),
        ),
      ),
    ).toEqual({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('lists, cancels and deletes jobs', async () => {
    await iot.send(
      new CreateJobCommand({
        jobId: 'ota-cancel',
        targets: [groupArn('fleet')],
        document: OTA_DOCUMENT,
        targetSelection: 'CONTINUOUS',
      }),
    );
    await jobsData.send(new StartNextPendingJobExecutionCommand({ thingName: 'vin-1' }));
    await iot.send(
      new CancelJobCommand({ jobId: 'ota-cancel', reasonCode: 'BAD_BUILD', comment: 'halt' }),
    );
    const canceled = await iot.send(new DescribeJobCommand({ jobId: 'ota-cancel' }));
    expect(canceled.job).toMatchObject({
      status: 'CANCELED',
      reasonCode: 'BAD_BUILD',
      comment: 'halt',
      jobProcessDetails: { numberOfCanceledThings: 2, numberOfInProgressThings: 1 },
    });
    await iot.send(new CancelJobCommand({ jobId: 'ota-cancel', force: true }));
    const forced = await iot.send(
      new DescribeJobExecutionCommand({ thingName: 'vin-1', jobId: 'ota-cancel' }),
    );
    expect(forced.execution).toMatchObject({ status: 'CANCELED', forceCanceled: true });

    const byStatus = await iot.send(new ListJobsCommand({ status: 'CANCELED' }));
    expect(byStatus.jobs!.map((job) => job.jobId)).toEqual(['ota-cancel']);
    const byGroup = await iot.send(new ListJobsCommand({ thingGroupName: 'fleet' }));
    expect(byGroup.jobs!.map((job) => job.jobId)).toEqual(['ota-cancel', 'ota-sdk']);
    const ids: string[] = [];
    for await (const page of paginateListJobs({ client: iot, pageSize: 1 }, {})) {
      ids.push(...(page.jobs ?? []).map((job) => job.jobId!));
    }
    expect(ids).toEqual(['ota-cancel', 'ota-err', 'ota-sdk']);

    const forThing = await iot.send(new ListJobExecutionsForThingCommand({ thingName: 'vin-1' }));
    expect(forThing.executionSummaries!.map((s) => s.jobId)).toEqual(['ota-sdk', 'ota-cancel']);

    await iot.send(
      new CreateJobCommand({ jobId: 'ota-one', targets: [thingArn('solo')], document: '{}' }),
    );
    await iot.send(
      new CancelJobExecutionCommand({
        thingName: 'solo',
        jobId: 'ota-one',
        statusDetails: { why: 'operator' },
      }),
    );
    const one = await iot.send(
      new DescribeJobExecutionCommand({ thingName: 'solo', jobId: 'ota-one' }),
    );
    expect(one.execution).toMatchObject({
      status: 'CANCELED',
      statusDetails: { detailsMap: { why: 'operator' } },
    });

    await iot.send(new DeleteJobCommand({ jobId: 'ota-cancel' }));
    expect(await sdkError(iot.send(new DescribeJobCommand({ jobId: 'ota-cancel' })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    const empty = await jobsData.send(
      new StartNextPendingJobExecutionCommand({ thingName: 'vin-2' }),
    );
    expect(empty.execution).toBeUndefined();
  });
});
