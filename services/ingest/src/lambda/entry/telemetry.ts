import { productionLambda } from '../production';

/** The `telemetry` ingest Lambda (esbuild entry point). */
export const handler = productionLambda('telemetry');
