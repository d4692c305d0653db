/** One restJson1 operation: the edge matches method and path, then calls `handle`. */
export interface RestJsonRoute {
  /** The AWS operation name, e.g. `CreateThing`; used in logs and errors. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template in the service model's style: `/things/{thingName}`. */
  readonly path: string;
  handle(input: RestJsonInput): Promise<RestJsonOutput> | RestJsonOutput;
}

export interface RestJsonInput {
  /** Path labels, already URI-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body; `undefined` when the request had none. */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface RestJsonOutput {
  /** Defaults to 200. */
  readonly status?: number;
  /** Serialised as JSON; omitted when `undefined`. */
  readonly body?: unknown;
}
