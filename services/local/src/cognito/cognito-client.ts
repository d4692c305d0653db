import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';

/** The real SDK client, pointed at cognito-local (which ignores the signature, not its presence). */
export function cognitoClient(endpoint: string, region = 'local'): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
