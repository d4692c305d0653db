export { startLocalStack, type LocalStack } from './start-local-stack';
export { loadConfig, type LocalStackConfig } from './config';
