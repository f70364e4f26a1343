import { z } from 'zod';

/** An observation id as a model may send it: 12, "12" or "#12". */
export const idSchema = z
  .union([z.number().int().positive(), z.string().regex(/^#?\d+$/, 'an id is a number like 12')])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace('#', ''))));
