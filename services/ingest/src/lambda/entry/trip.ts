import { productionLambda } from '../production';

/** The `trip` ingest Lambda (esbuild entry point). */
export const handler = productionLambda('trip');
