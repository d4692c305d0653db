import {
  ACCOUNT,
  type Answer,
  JobsHarness,
  OTA_DOCUMENT,
  REGION,
  START,
  groupArn,
  serviceError,
  thingArn,
} from '../support/iot-jobs-harness';

const thingArns = (answer: Answer) =>
  (answer.executionSummaries as { thingArn: string }[]).map((summary) => summary.thingArn);

describe('IoT Jobs control plane', () => {
  let h: JobsHarness;
  beforeEach(() => {
    h = new JobsHarness();
    h.addGroup('fleet', ['v1', 'v2']);
    h.addThings('solo');
  });
  afterEach(() => h.dispose());

  describe('CreateJob', () => {
    it('creates a job on things and a static group, each thing once', () => {
      const created = h.createJob('ota-1', {
        targets: [thingArn('solo'), groupArn('fleet'), thingArn('v1')],
        description: 'Update to 2.4.0',
      });
      expect(created).toEqual({
        jobArn: `arn:aws:iot:${REGION}:${ACCOUNT}:job/ota-1`,
        jobId: 'ota-1',
        description: 'Update to 2.4.0',
      });
      const job = h.describeJob('ota-1');
      expect(job).toMatchObject({
        jobId: 'ota-1',
        status: 'IN_PROGRESS',
        targetSelection: 'SNAPSHOT',
        targets: [thingArn('solo'), groupArn('fleet'), thingArn('v1')],
        createdAt: START / 1000,
        isConcurrent: false,
        jobProcessDetails: { numberOfQueuedThings: 3, numberOfInProgressThings: 0 },
      });
      expect(h.control('GetJobDocument', { params: { jobId: 'ota-1' } })).toEqual({
        document: OTA_DOCUMENT,
      });
    });

    it('keeps the rollout, abort and timeout configurations', () => {
      const configs = {
        jobExecutionsRolloutConfig: {
          exponentialRate: {
            baseRatePerMinute: 5,
            incrementFactor: 1.5,
            rateIncreaseCriteria: { numberOfSucceededThings: 2 },
          },
          maximumPerMinute: 50,
        },
        abortConfig: {
          criteriaList: [
            {
              failureType: 'FAILED',
              action: 'CANCEL',
              thresholdPercentage: 25.5,
              minNumberOfExecutedThings: 10,
            },
          ],
        },
        timeoutConfig: { inProgressTimeoutInMinutes: 30 },
      };
      h.createJob('ota-cfg', { targets: [groupArn('fleet')], ...configs });
      expect(h.describeJob('ota-cfg')).toMatchObject(configs);
    });

    it('refuses a job id that exists', () => {
      h.createJob('ota-1', { targets: [thingArn('solo')] });
      expect(serviceError(() => h.createJob('ota-1', { targets: [thingArn('solo')] }))).toEqual(
        expect.objectContaining({ errorType: 'ResourceAlreadyExistsException', status: 409 }),
      );
    });

    it('refuses unknown things and groups, and ARNs that are no target', () => {
      expect(serviceError(() => h.createJob('j', { targets: [thingArn('ghost')] }))).toMatchObject({
        errorType: 'ResourceNotFoundException',
        status: 404,
      });
      expect(
        serviceError(() => h.createJob('j', { targets: [groupArn('nowhere')] })).errorType,
      ).toBe('ResourceNotFoundException');
      expect(
        serviceError(() =>
          h.createJob('j', { targets: [`arn:aws:iot:${REGION}:${ACCOUNT}:job/other`] }),
        ).errorType,
      ).toBe('InvalidRequestException');
      expect(serviceError(() => h.describeJob('j')).errorType).toBe('ResourceNotFoundException');
    });

    it('validates the request, naming the field', () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ targets: [] }, "'targets'"],
        [{ targets: [thingArn('solo')], document: undefined }, "'document'"],
        [{ targets: [thingArn('solo')], targetSelection: 'SOMETIMES' }, "'targetSelection'"],
        [
          { targets: [thingArn('solo')], jobExecutionsRolloutConfig: { maximumPerMinute: 0 } },
          "'jobExecutionsRolloutConfig.maximumPerMinute'",
        ],
        [
          {
            targets: [thingArn('solo')],
            jobExecutionsRolloutConfig: {
              exponentialRate: {
                baseRatePerMinute: 1,
                incrementFactor: 2,
                rateIncreaseCriteria: {},
              },
            },
          },
          "'jobExecutionsRolloutConfig.exponentialRate.rateIncreaseCriteria'",
        ],
        [
          {
            targets: [thingArn('solo')],
            abortConfig: {
              criteriaList: [
                {
                  failureType: 'SLOW',
                  action: 'CANCEL',
                  thresholdPercentage: 1,
                  minNumberOfExecutedThings: 1,
                },
              ],
            },
          },
          "'abortConfig.criteriaList.0.failureType'",
        ],
        [
          { targets: [thingArn('solo')], timeoutConfig: { inProgressTimeoutInMinutes: 0 } },
          "'timeoutConfig.inProgressTimeoutInMinutes'",
        ],
        [
          { targets: [thingArn('solo')], documentSource: 'https://bucket/doc.json' },
          "'documentSource'",
        ],
      ];
      for (const [body, field] of cases) {
        const error = serviceError(() =>
          h.control('CreateJob', {
            params: { jobId: 'bad' },
            body: { document: OTA_DOCUMENT, ...body },
          }),
        );
        expect(error.errorType).toBe('InvalidRequestException');
        expect(error.message).toContain(field);
      }
      expect(
        serviceError(() =>
          h.control('CreateJob', { params: { jobId: 'bad id!' }, body: { targets: [] } }),
        ).message,
      ).toContain("'jobId'");
      expect(
        serviceError(() =>
          h.control('CreateJob', {
            params: { jobId: 'bad' },
            body: { targets: [thingArn('solo')], document: '{not json' },
          }),
        ).errorType,
      ).toBe('InvalidRequestException');
    });
  });

  describe('ListJobs', () => {
    beforeEach(() => {
      h.createJob('ota-a', { targets: [groupArn('fleet')] });
      h.createJob('ota-b', { targets: [thingArn('solo')] });
      h.createJob('ota-c', { targets: [thingArn('solo')], targetSelection: 'CONTINUOUS' });
      h.control('CancelJob', { params: { jobId: 'ota-b' } });
    });

    const ids = (body: Answer) => (body.jobs as { jobId: string }[]).map((job) => job.jobId);

    it('lists newest first, filtered by status, target selection and group', () => {
      expect(ids(h.control('ListJobs'))).toEqual(['ota-c', 'ota-b', 'ota-a']);
      expect(ids(h.control('ListJobs', { query: { status: 'CANCELED' } }))).toEqual(['ota-b']);
      expect(ids(h.control('ListJobs', { query: { targetSelection: 'CONTINUOUS' } }))).toEqual([
        'ota-c',
      ]);
      expect(ids(h.control('ListJobs', { query: { thingGroupName: 'fleet' } }))).toEqual(['ota-a']);
      expect(h.control('ListJobs').jobs[2]).toEqual({
        jobArn: `arn:aws:iot:${REGION}:${ACCOUNT}:job/ota-a`,
        jobId: 'ota-a',
        targetSelection: 'SNAPSHOT',
        status: 'IN_PROGRESS',
        createdAt: START / 1000,
        lastUpdatedAt: START / 1000,
        isConcurrent: false,
      });
    });

    it('pages with maxResults and nextToken', () => {
      const first = h.control('ListJobs', { query: { maxResults: '2' } });
      expect(ids(first)).toEqual(['ota-c', 'ota-b']);
      const second = h.control('ListJobs', {
        query: { maxResults: '2', nextToken: first.nextToken },
      });
      expect(ids(second)).toEqual(['ota-a']);
      expect(second.nextToken).toBeUndefined();
      expect(
        serviceError(() => h.control('ListJobs', { query: { nextToken: 'garbage' } })).errorType,
      ).toBe('InvalidRequestException');
      expect(
        serviceError(() => h.control('ListJobs', { query: { maxResults: '0' } })).message,
      ).toContain("'maxResults'");
      expect(
        serviceError(() => h.control('ListJobs', { query: { status: 'RUNNING' } })).message,
      ).toContain("'status'");
    });
  });

  describe('job executions', () => {
    beforeEach(() => {
      h.addThings('v3', 'v4');
      h.createJob('ota-1', {
        targets: [groupArn('fleet'), thingArn('v3'), thingArn('v4'), thingArn('solo')],
      });
      h.startNext('v1');
      h.update('v2', 'ota-1', { status: 'SUCCEEDED' });
    });

    it('lists a job executions by status, paged', () => {
      const all = h.control('ListJobExecutionsForJob', { params: { jobId: 'ota-1' } });
      expect(all.executionSummaries).toHaveLength(5);
      expect(all.executionSummaries[0]).toEqual({
        thingArn: thingArn('v1'),
        jobExecutionSummary: {
          status: 'IN_PROGRESS',
          queuedAt: START / 1000,
          startedAt: START / 1000,
          lastUpdatedAt: START / 1000,
          executionNumber: 1,
          retryAttempt: 0,
        },
      });
      const queued = h.control('ListJobExecutionsForJob', {
        params: { jobId: 'ota-1' },
        query: { status: 'QUEUED', maxResults: '2' },
      });
      expect(thingArns(queued)).toEqual([thingArn('v3'), thingArn('v4')]);
      const rest = h.control('ListJobExecutionsForJob', {
        params: { jobId: 'ota-1' },
        query: { status: 'QUEUED', maxResults: '2', nextToken: queued.nextToken },
      });
      expect(thingArns(rest)).toEqual([thingArn('solo')]);
      expect(
        serviceError(() => h.control('ListJobExecutionsForJob', { params: { jobId: 'nope' } }))
          .errorType,
      ).toBe('ResourceNotFoundException');
    });

    it('lists a thing executions across jobs', () => {
      h.createJob('ota-2', { targets: [thingArn('v1')] });
      const listed = h.control('ListJobExecutionsForThing', { params: { thingName: 'v1' } });
      expect((listed.executionSummaries as { jobId: string }[]).map((s) => s.jobId)).toEqual([
        'ota-1',
        'ota-2',
      ]);
      const inProgress = h.control('ListJobExecutionsForThing', {
        params: { thingName: 'v1' },
        query: { status: 'IN_PROGRESS' },
      });
      expect(inProgress.executionSummaries).toHaveLength(1);
    });

    it('describes one execution', () => {
      h.update('v1', 'ota-1', { status: 'IN_PROGRESS', statusDetails: { step: 'flash' } });
      expect(
        h.control('DescribeJobExecution', { params: { thingName: 'v1', jobId: 'ota-1' } }),
      ).toEqual({
        execution: {
          jobId: 'ota-1',
          status: 'IN_PROGRESS',
          statusDetails: { detailsMap: { step: 'flash' } },
          thingArn: thingArn('v1'),
          queuedAt: START / 1000,
          startedAt: START / 1000,
          lastUpdatedAt: START / 1000,
          executionNumber: 1,
          versionNumber: 3,
        },
      });
      expect(
        serviceError(() =>
          h.control('DescribeJobExecution', { params: { thingName: 'ghost', jobId: 'ota-1' } }),
        ).errorType,
      ).toBe('ResourceNotFoundException');
    });
  });

  describe('CancelJob', () => {
    beforeEach(() => {
      h.addThings('v3');
      h.createJob('ota-1', { targets: [groupArn('fleet'), thingArn('v3')] });
      h.startNext('v1');
      h.update('v3', 'ota-1', { status: 'SUCCEEDED' });
    });

    it('cancels queued executions and leaves in-progress ones to finish', () => {
      const answer = h.control('CancelJob', {
        params: { jobId: 'ota-1' },
        body: { reasonCode: 'BAD_BUILD', comment: 'Build 2.4.0 bricks head units' },
      });
      expect(answer).toMatchObject({ jobId: 'ota-1' });
      const job = h.describeJob('ota-1');
      expect(job).toMatchObject({
        status: 'CANCELED',
        reasonCode: 'BAD_BUILD',
        comment: 'Build 2.4.0 bricks head units',
        jobProcessDetails: {
          numberOfCanceledThings: 1,
          numberOfInProgressThings: 1,
          numberOfSucceededThings: 1,
        },
      });
      expect(job.forceCanceled).toBeUndefined();
      expect(h.executionStatus('v2', 'ota-1')).toBe('CANCELED');

      // The device at work may still report, and the job stays CANCELED.
      h.update('v1', 'ota-1', { status: 'SUCCEEDED' });
      expect(h.describeJob('ota-1').status).toBe('CANCELED');
      expect(h.on('$aws/events/jobExecution/ota-1/canceled')).toHaveLength(1);
      expect(h.on('$aws/events/job/ota-1/canceled')).toHaveLength(1);
    });

    it('with force also cancels in-progress executions', () => {
      h.control('CancelJob', { params: { jobId: 'ota-1' }, query: { force: 'true' } });
      expect(h.describeJob('ota-1')).toMatchObject({ status: 'CANCELED', forceCanceled: true });
      const execution = h.control('DescribeJobExecution', {
        params: { thingName: 'v1', jobId: 'ota-1' },
      }).execution;
      expect(execution).toMatchObject({ status: 'CANCELED', forceCanceled: true });
      expect(h.executionStatus('v3', 'ota-1')).toBe('SUCCEEDED');
    });

    it('can force-cancel a job canceled before, without a second job event', () => {
      h.control('CancelJob', { params: { jobId: 'ota-1' } });
      h.control('CancelJob', { params: { jobId: 'ota-1' } });
      expect(h.executionStatus('v1', 'ota-1')).toBe('IN_PROGRESS');
      h.control('CancelJob', { params: { jobId: 'ota-1' }, query: { force: 'true' } });
      expect(h.executionStatus('v1', 'ota-1')).toBe('CANCELED');
      expect(h.on('$aws/events/job/ota-1/canceled')).toHaveLength(1);
    });

    it('refuses to cancel a completed or unknown job, and bad reason codes', () => {
      h.update('v1', 'ota-1', { status: 'SUCCEEDED' });
      h.update('v2', 'ota-1', { status: 'SUCCEEDED' });
      expect(h.describeJob('ota-1').status).toBe('COMPLETED');
      expect(
        serviceError(() => h.control('CancelJob', { params: { jobId: 'ota-1' } })).errorType,
      ).toBe('InvalidRequestException');
      expect(
        serviceError(() => h.control('CancelJob', { params: { jobId: 'nope' } })).errorType,
      ).toBe('ResourceNotFoundException');
      expect(
        serviceError(() =>
          h.control('CancelJob', { params: { jobId: 'ota-1' }, body: { reasonCode: 'lower' } }),
        ).message,
      ).toContain("'reasonCode'");
    });
  });

  describe('CancelJobExecution and DeleteJob', () => {
    beforeEach(() => {
      h.createJob('ota-1', { targets: [groupArn('fleet')] });
      h.startNext('v1');
    });

    it('cancels one execution: queued freely, in progress only with force', () => {
      h.control('CancelJobExecution', { params: { thingName: 'v2', jobId: 'ota-1' } });
      expect(h.executionStatus('v2', 'ota-1')).toBe('CANCELED');
      expect(
        serviceError(() =>
          h.control('CancelJobExecution', { params: { thingName: 'v1', jobId: 'ota-1' } }),
        ).errorType,
      ).toBe('InvalidStateTransitionException');
      expect(
        serviceError(() =>
          h.control('CancelJobExecution', {
            params: { thingName: 'v1', jobId: 'ota-1' },
            query: { force: 'true' },
            body: { expectedVersion: 1 },
          }),
        ).errorType,
      ).toBe('VersionConflictException');
      h.control('CancelJobExecution', {
        params: { thingName: 'v1', jobId: 'ota-1' },
        query: { force: 'true' },
        body: { expectedVersion: 2, statusDetails: { why: 'operator' } },
      });
      expect(h.describeJob('ota-1').status).toBe('COMPLETED');
    });

    it('deletes a job in progress only with force', () => {
      expect(
        serviceError(() => h.control('DeleteJob', { params: { jobId: 'ota-1' } })).errorType,
      ).toBe('InvalidStateTransitionException');
      h.control('DeleteJob', { params: { jobId: 'ota-1' }, query: { force: 'true' } });
      expect(serviceError(() => h.describeJob('ota-1')).errorType).toBe(
        'ResourceNotFoundException',
      );
      expect(h.data('GetPendingJobExecutions', { params: { thingName: 'v1' } })).toEqual({
        inProgressJobs: [],
        queuedJobs: [],
      });
      expect(h.on('$aws/events/jobExecution/ota-1/deleted')).toHaveLength(2);
      // The id is free again.
      h.createJob('ota-1', { targets: [groupArn('fleet')] });
    });
  });
});
