import type { RestJsonInput, RestJsonOutput, RestJsonRoute } from '../edge/rest-json-route';
import type { JobsEngine } from './jobs-engine';

/**
 * A restJson1 route over the engine: runs the operation, then lets the engine publish what it
 * queued and persist, whether the operation succeeded or not (a refused update may still have
 * been preceded by changes, such as a release).
 */
export function engineRoute(
  engine: JobsEngine,
  operation: string,
  method: RestJsonRoute['method'],
  path: string,
  handle: (input: RestJsonInput) => RestJsonOutput,
): RestJsonRoute {
  return {
    operation,
    method,
    path,
    handle: (input) => {
      try {
        return handle(input);
      } finally {
        engine.commit();
      }
    },
  };
}
