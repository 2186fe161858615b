import { institutionFiltersInput, peopleFiltersInput } from '@/server/services/customers/list-input';
import type { Filters } from './customer-list';

type Params = Record<string, string | string[] | undefined>;

/**
 * List filters carried in the address (`?tier=A&territoryId=…`), so the dashboard, a 360 page or a
 * shared link can open a list already filtered. Anything invalid is ignored, not an error page.
 */
export function filtersFromParams(kind: 'person' | 'institution', params: Params): Filters | null {
  const list = (k: string) => [params[k]].flat().filter((v): v is string => typeof v === 'string' && v.length > 0).flatMap((v) => v.split(','));
  const one = (k: string) => list(k)[0];
  const raw: Record<string, unknown> = {
    q: one('q'),
    territoryId: one('territoryId'),
    tier: list('tier').length ? list('tier') : undefined,
    stage: list('stage').length ? list('stage') : undefined,
    ...(kind === 'person' ? { institutionId: one('institutionId'), departmentId: one('departmentId') } : { parentId: one('parentId'), type: list('type').length ? list('type') : undefined }),
  };
  const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
  if (!Object.keys(defined).length) return null;
  const parsed = (kind === 'person' ? peopleFiltersInput : institutionFiltersInput).safeParse(defined);
  return parsed.success ? (parsed.data as Filters) : null;
}
