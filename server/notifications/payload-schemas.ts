import { z } from 'zod';

/** Customer ids are database integers; in payloads they travel as strings (numbers are accepted). */
export const customerIdSchema = z.union([z.string().regex(/^[1-9][0-9]{0,19}$/), z.number().int().positive()]).transform(String);

/** An instant as JSON carries it (`Date#toISOString()`, or any ISO 8601 with an offset). */
export const instantSchema = z.iso.datetime({ offset: true });
