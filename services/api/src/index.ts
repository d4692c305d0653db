export type { ApiDeps } from './api-deps';
export { API_ROUTES, API_VERSION, openApiDocument } from './api-routes';
export { type ApiHandler, type ApiHandlerOptions, createApiHandler } from './http/api-handler';
export { ApiError } from './http/api-error';
export { ROLES, type Role, callerFromClaims, parseGroups } from './http/caller';
export type { Route } from './http/route';
export { STATUS_COLOURS, VEHICLE_STATUSES } from './vehicles/vehicle-status';
