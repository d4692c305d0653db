/** A lower-case DNS name such as `fleet.example.com`. */
export const DNS_NAME_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/**
 * Why `origin` is not a bare web origin (`https://console.example.com`, no path), or undefined
 * when it is; CORS compares origins exactly, so anything more would never match.
 */
export function originProblem(origin: string): string | undefined {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `${origin} is not a URL`;
  }
  return url.origin === origin ? undefined : `${origin} must be a bare origin like ${url.origin}`;
}
