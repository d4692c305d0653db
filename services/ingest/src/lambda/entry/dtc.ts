import { productionLambda } from '../production';

/** The `dtc` ingest Lambda (esbuild entry point). */
export const handler = productionLambda('dtc');
