/** Browser access for the console's origins; `*` in the list allows any origin. */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(
    origins: readonly string[],
    private readonly maxAgeSeconds = 600,
  ) {
    this.anyOrigin = origins.includes('*');
    this.origins = new Set(origins);
  }

  /** For every response: lets an allowed origin read it (401s included); nothing for others. */
  responseHeaders(origin: string | undefined): Record<string, string> {
    if (!this.allows(origin)) return {};
    return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  }

  /** For a preflight `OPTIONS`, answered by the gateway as the deployed API's CORS settings do. */
  preflightHeaders(origin: string | undefined): Record<string, string> {
    if (!this.allows(origin)) return {};
    return {
      ...this.responseHeaders(origin),
      'Access-Control-Allow-Methods': 'GET,POST,PUT,DELETE,OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization,Content-Type',
      'Access-Control-Max-Age': String(this.maxAgeSeconds),
    };
  }

  private allows(origin: string | undefined): origin is string {
    return origin !== undefined && (this.anyOrigin || this.origins.has(origin));
  }
}
