import { productionLambda } from '../production';

/** The `ota` ingest Lambda (esbuild entry point). */
export const handler = productionLambda('ota');
