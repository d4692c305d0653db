import { z } from 'zod';
import { awsEnum, awsInteger, awsString } from '../edge/aws-shapes';

/** The request shapes of the SSM operations we emulate, with the model's constraints. */

export const PARAMETER_TYPES = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export const PARAMETER_TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;

const parameterReference = awsString({ min: 1, max: 2048 });

export const getParameterRequest = z.object({
  Name: parameterReference,
  WithDecryption: z.boolean().optional(),
});
export type GetParameterRequest = z.output<typeof getParameterRequest>;

export const getParametersRequest = z.object({
  Names: z
    .array(parameterReference)
    .min(1, 'Member must have length greater than or equal to 1')
    .max(10, 'Member must have length less than or equal to 10'),
  WithDecryption: z.boolean().optional(),
});
export type GetParametersRequest = z.output<typeof getParametersRequest>;

export const getParametersByPathRequest = z.object({
  Path: awsString({ min: 1, max: 2048 }),
  Recursive: z.boolean().optional(),
  ParameterFilters: z.array(z.unknown()).optional(),
  WithDecryption: z.boolean().optional(),
  MaxResults: awsInteger({ min: 1, max: 10 }).optional(),
  NextToken: z.string().optional(),
});
export type GetParametersByPathRequest = z.output<typeof getParametersByPathRequest>;

export const putParameterRequest = z.object({
  Name: awsString({ min: 1, max: 2048 }),
  Value: awsString({ min: 1 }),
  Description: awsString({ max: 1024 }).optional(),
  Type: awsEnum(PARAMETER_TYPES).optional(),
  KeyId: awsString({ min: 1, max: 256 }).optional(),
  Overwrite: z.boolean().optional(),
  AllowedPattern: awsString({ max: 1024 }).optional(),
  Tags: z
    .array(z.object({ Key: awsString({ min: 1, max: 128 }), Value: awsString({ max: 256 }) }))
    .max(1000, 'Member must have length less than or equal to 1000')
    .optional(),
  Tier: awsEnum(PARAMETER_TIERS).optional(),
  Policies: awsString({ min: 1, max: 4096 }).optional(),
  DataType: awsString({ max: 128 }).optional(),
});
export type PutParameterRequest = z.output<typeof putParameterRequest>;

export const deleteParameterRequest = z.object({
  Name: awsString({ min: 1, max: 2048 }),
});
export type DeleteParameterRequest = z.output<typeof deleteParameterRequest>;
