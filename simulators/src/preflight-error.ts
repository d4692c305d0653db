/**
 * Why a fleet cannot work as configured (a file its devices need is missing, say), found
 * before anything is registered or created. The CLI reports it as it does a bad flag.
 */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}
