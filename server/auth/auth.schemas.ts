import { z } from 'zod';
import { idValue, text } from '../http/inputs.ts';

export const codeLoginSchema = z.object({ code: text(512) }).strict();
export const devLoginSchema = z.object({ userId: idValue }).strict();
