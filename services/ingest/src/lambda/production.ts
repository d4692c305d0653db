import { IoTClient } from '@aws-sdk/client-iot';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { IngestHandlerName } from '@fleet/iot-rules';
import { createSearchClient } from '@fleet/search-client';
import { loadConfig } from '../config';
import { createIngestHandlers } from '../ingest-handlers';
import { createJobDocumentSource } from '../ota/job-document-source';
import { createAnomalyThresholdSource } from '../telemetry/anomaly-threshold-source';
import { createIngestLambda } from './ingest-lambda';
import { createS3ErrorSink } from './s3-error-sink';

// Created once per Lambda container: configuration, clients, logger and metrics.
const config = loadConfig();
const logger = new Logger({ serviceName: 'fleet-ingest' });
const metrics = new Metrics({ namespace: 'FleetManager', serviceName: 'fleet-ingest' });
const search = createSearchClient({
  url: config.opensearchUrl,
  auth: config.opensearchAuth,
  region: config.region,
});
const ssm = new SSMClient({});
const handlers = createIngestHandlers({
  search,
  anomalyThresholds: createAnomalyThresholdSource({
    ssm,
    configPath: config.configPath,
    ttlMs: config.configCacheTtlMs,
    onError: (message, error) => logger.warn(message, { error: String(error) }),
  }),
  jobDocuments: createJobDocumentSource({ iot: new IoTClient({}) }),
});
const errorSink = createS3ErrorSink(new S3Client({}), config.errorBucket);

/** The Lambda entry point for one handler, wired to production clients. */
export function productionLambda(name: IngestHandlerName) {
  const lambda = createIngestLambda({
    name,
    handler: handlers[name],
    errorSink,
    log: {
      info: (message, extra = {}) => logger.info(message, { ...extra }),
      error: (message, extra = {}) => logger.error(message, { ...extra }),
    },
    metrics: ({ accepted, rejected, duplicates }) => {
      metrics.addDimension('handler', name);
      metrics.addMetric('RecordsAccepted', MetricUnit.Count, accepted);
      metrics.addMetric('RecordsRejected', MetricUnit.Count, rejected);
      metrics.addMetric('RecordsDuplicate', MetricUnit.Count, duplicates);
      metrics.publishStoredMetrics();
    },
  });
  return lambda;
}
