/**
 * Field errors a tRPC validation error carries (`error.data.fieldErrors`, path → translated
 * message; see server/trpc/format-error.ts). Read by duck typing: the error shape is a union.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!error || typeof error !== 'object' || !('data' in error)) return {};
  const data = (error as { data?: unknown }).data;
  if (!data || typeof data !== 'object' || !('fieldErrors' in data)) return {};
  const fe = (data as { fieldErrors?: unknown }).fieldErrors;
  return fe && typeof fe === 'object' ? (fe as Record<string, string>) : {};
}
