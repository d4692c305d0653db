import { productionLambda } from '../production';

/** The `event` ingest Lambda (esbuild entry point). */
export const handler = productionLambda('event');
