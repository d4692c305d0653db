import type { z } from 'zod';
import type { ApiDeps } from '../api-deps';
import type { Caller, Role } from './caller';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Who may call a route: anyone (no token), or a role and every role above it. */
export type RouteAccess = Role | 'public';

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** Undefined only on public routes. */
  readonly caller: Caller | undefined;
}

type AnyObject = z.ZodType<Record<string, unknown>>;

/** One API operation: its documentation, its input schemas and its core call. */
export interface RouteSpec<
  P extends AnyObject,
  Q extends AnyObject,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI-style template: `/vehicles/{vin}`. */
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: RouteAccess;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  readonly response: R;
  /** 200 unless said otherwise (e.g. 201 for a created job). */
  readonly status?: number;
  handle(
    input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>,
    deps: ApiDeps,
  ): Promise<z.input<R>>;
}

/** A route with its types erased, as the router and the OpenAPI builder see it. */
export interface Route {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: RouteAccess;
  readonly params: AnyObject | undefined;
  readonly query: AnyObject | undefined;
  readonly body: z.ZodType | undefined;
  readonly response: z.ZodType;
  readonly status: number;
  handle(input: RouteInput<unknown, unknown, unknown>, deps: ApiDeps): Promise<unknown>;
}

export function defineRoute<
  P extends AnyObject = z.ZodObject<Record<string, never>>,
  Q extends AnyObject = z.ZodObject<Record<string, never>>,
  B extends z.ZodType = z.ZodUndefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<P, Q, B, R>): Route {
  return {
    operationId: spec.operationId,
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    tag: spec.tag,
    access: spec.access,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    response: spec.response,
    status: spec.status ?? 200,
    handle: (input, deps) => spec.handle(input as never, deps),
  };
}
