export * from './rules';
export * from './error-action-record';
