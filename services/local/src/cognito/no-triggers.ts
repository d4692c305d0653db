import type { CryptoService } from 'cognito-local/lib/services/crypto';
import type { Lambda } from 'cognito-local/lib/services/lambda';

// Local mode configures no Cognito Lambda triggers. cognito-local's own Lambda and KMS services
// would load the AWS SDK v2 (and print its end-of-support notice) only to never be called.

const notConfigured = () =>
  Promise.reject(new Error('Cognito Lambda triggers are not configured in local mode'));

export const noTriggers: Lambda = {
  enabled: () => false,
  invoke: notConfigured,
};

/** Only the CustomEmailSender trigger encrypts; with no triggers nothing does. */
export const noTriggerCrypto: CryptoService = {
  get keyringNode(): never {
    throw new Error('Cognito Lambda triggers are not configured in local mode');
  },
  encrypt: notConfigured,
};
