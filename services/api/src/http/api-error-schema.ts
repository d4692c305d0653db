import { z } from 'zod';

/** The error body every route answers with, as documented in the OpenAPI document. */
export const apiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z
      .array(
        z.object({
          field: z.string(),
          in: z.enum(['path', 'query', 'body']),
          message: z.string(),
        }),
      )
      .optional(),
  }),
});
