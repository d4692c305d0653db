import { productionLambda } from '../production';

/** The `registry` ingest Lambda (esbuild entry point). */
export const handler = productionLambda('registry');
