import { createRequire } from 'node:module';
import { UnsupportedError } from 'cognito-local/lib/errors';
import type { Route, Router } from 'cognito-local/lib/server/Router';
import type { Services } from 'cognito-local/lib/services';

type TargetFactory = (services: Services) => Route;

const load = createRequire(__filename);

/**
 * cognito-local's router, but loading each operation's module (`lib/targets/<operation>.js`) on
 * first use: its own `Router` requires all fifty up front, and three of them
 * (AssociateSoftwareToken, VerifySoftwareToken, RespondToAuthChallenge) reach otplib, whose
 * ESM-only dependency Node requires (≥ 20.19) but jest's module registry cannot (before Node 24.9).
 * Loaded lazily, every other operation works under jest too; those three answer "unsupported" there.
 */
export function lazyTargetRouter(services: Services): Router {
  const routes = new Map<string, Route>();
  return (target) => {
    const cached = routes.get(target);
    if (cached) return cached;
    const loaded = loadTarget(target);
    if (loaded instanceof UnsupportedError) return () => Promise.reject(loaded);
    const route = loaded(services);
    routes.set(target, route);
    return route;
  };
}

function loadTarget(target: string): TargetFactory | UnsupportedError {
  const unsupported = new UnsupportedError(`Unsupported x-amz-target header "${target}"`);
  if (!/^[A-Z][A-Za-z]+$/.test(target)) return unsupported;
  const file = `cognito-local/lib/targets/${target[0]?.toLowerCase()}${target.slice(1)}`;
  try {
    const factory = (load(file) as Record<string, unknown>)[target];
    return typeof factory === 'function' ? (factory as TargetFactory) : unsupported;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'MODULE_NOT_FOUND') return unsupported;
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return new UnsupportedError(`${target} cannot be loaded in this runtime: ${reason}`);
  }
}
