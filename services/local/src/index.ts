export { startLocalStack, type LocalStack } from './start-local-stack';
export { loadConfig, type LocalStackConfig } from './config';
export {
  startCognitoLocal,
  DEFAULT_COGNITO_PORT,
  type CognitoLocal,
  type CognitoLocalOptions,
} from './cognito/cognito-local';
export {
  seedUserPool,
  USER_POOL_NAME,
  APP_CLIENT_NAME,
  type SeedUserPoolOptions,
  type SeededUserPool,
} from './cognito/seed-user-pool';
export { signIn, type SignInOptions, type SignedIn } from './cognito/sign-in';
export { DEMO_USERS, FLEET_ROLES, type DemoUser, type FleetRole } from './cognito/demo-users';
export {
  startApiGateway,
  DEFAULT_API_GATEWAY_PORT,
  DEFAULT_PUBLIC_ROUTES,
  MAX_PAYLOAD_BYTES,
  type ApiGateway,
  type ApiGatewayOptions,
  type ProxyHandler,
  type PublicRoute,
} from './api-gateway/api-gateway';
export type { IdTokenVerifierOptions } from './api-gateway/id-token-verifier';
