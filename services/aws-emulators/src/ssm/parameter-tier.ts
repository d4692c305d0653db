import { AwsServiceError } from '../edge/aws-service-error';

export type StoredTier = 'Standard' | 'Advanced';

const STANDARD_MAX_BYTES = 4096;
const ADVANCED_MAX_BYTES = 8192;

/**
 * The tier a put lands in, and the value-size limit that goes with it: 4 KB standard, 8 KB
 * advanced. An advanced parameter never goes back to standard.
 */
export function resolveTier(
  requested: 'Standard' | 'Advanced' | 'Intelligent-Tiering' | undefined,
  existing: StoredTier | undefined,
  value: string,
): StoredTier {
  const bytes = Buffer.byteLength(value, 'utf8');
  const tier: StoredTier =
    requested === 'Intelligent-Tiering'
      ? existing === 'Advanced' || bytes > STANDARD_MAX_BYTES
        ? 'Advanced'
        : 'Standard'
      : (requested ?? existing ?? 'Standard');
  if (tier === 'Standard' && existing === 'Advanced') {
    throw new AwsServiceError(
      'ValidationException',
      "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.",
    );
  }
  if (tier === 'Standard' && bytes > STANDARD_MAX_BYTES) {
    throw new AwsServiceError(
      'ValidationException',
      `Standard tier parameters support a maximum parameter value of ${STANDARD_MAX_BYTES} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`,
    );
  }
  if (bytes > ADVANCED_MAX_BYTES) {
    throw new AwsServiceError(
      'ValidationException',
      `Advanced tier parameters support a maximum parameter value of ${ADVANCED_MAX_BYTES} characters.`,
    );
  }
  return tier;
}
