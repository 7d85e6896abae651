import type { z } from 'zod';
import { ValidationError } from './errors.ts';

/** Parses input with a Zod schema; failures become 400 VALIDATION_FAILED with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}
