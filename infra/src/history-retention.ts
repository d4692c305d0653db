import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FleetSearchDomain } from './fleet-search-domain';
import {
  acknowledgeLambdaBasicExecution,
  acknowledgeWildcardResources,
} from './nag-acknowledgements';
import { FleetFunction } from './fleet-function';

export interface HistoryRetentionProps {
  /** The domain holding the history indices; the function is granted `write` on it. */
  readonly domain: FleetSearchDomain;
  /** Days of history kept (`loadInfraConfig().retentionDays`); at least 1. */
  readonly retentionDays: number;
  /** @default daily at 03:00 UTC */
  readonly schedule?: events.Schedule;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Deletes history documents (`cardata`, `dtc`, `event`, `anomaly`, `trip`) older than
 * `retentionDays`, daily. ISM deletes whole indices, and these are single indices, not
 * rollovers, so a scheduled Lambda runs one `_delete_by_query` on `sendtimestamp` per index.
 */
export class HistoryRetention extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: HistoryRetentionProps) {
    super(scope, id);
    if (!Number.isInteger(props.retentionDays) || props.retentionDays < 1) {
      throw new Error('retentionDays must be an integer of at least 1');
    }
    const { domain } = props;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = new FleetFunction(this, 'Handler', {
      entry: join(__dirname, 'history-retention/handler.ts'),
      memorySize: 256,
      // A backlog (first run, or retention shortened) can take a while; the next run resumes.
      timeout: Duration.minutes(15),
      logGroup,
      environment: {
        OPENSEARCH_URL: domain.endpoint,
        RETENTION_DAYS: String(props.retentionDays),
      },
    });
    const domainPaths = `${domain.domain.domainArn}/*`;
    // `_delete_by_query` is a POST, the only call it makes.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['es:ESHttpPost'], resources: [domainPaths] }),
    );
    domain.grantAccess(this.function.role!, 'write');

    this.rule = new events.Rule(this, 'Schedule', {
      description: `Deletes fleet history older than ${props.retentionDays} days`,
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '3' }),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 2 })],
    });

    acknowledgeLambdaBasicExecution(this.function);
    acknowledgeWildcardResources(
      this.function,
      [domainPaths],
      'The HTTP paths of the one OpenSearch domain, POST only (_delete_by_query on the history indices).',
    );
  }
}
