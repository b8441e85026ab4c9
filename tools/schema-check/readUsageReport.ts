import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from './UsageError.js';

// The gateway's deprecated-usage report: which client used which deprecated element, and how often.
const UsageReport = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  entries: z.array(
    z.object({
      clientName: z.string(),
      clientVersion: z.string(),
      coordinate: z.string(),
      kind: z.enum(['FIELD', 'ARGUMENT', 'ENUM_VALUE', 'INPUT_FIELD']),
      count: z.number().int().nonnegative(),
    }),
  ),
});

export type UsageReport = z.infer<typeof UsageReport>;

export function readUsageReport(file: string): UsageReport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read usage report ${file}: ${(err as Error).message}`);
  }
  const parsed = UsageReport.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new UsageError(`usage report ${file} is not in the expected format: ${problems.join('; ')}`);
  }
  return parsed.data;
}
