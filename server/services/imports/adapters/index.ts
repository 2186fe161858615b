import type { ImportEntity } from '@/server/db/entities';
import type { ImportAdapter } from '../types';
import { institutionAdapter } from './institution';
import { interactionAdapter } from './interaction';
import { orderAdapter } from './order';
import { personAdapter } from './person';

/** One adapter per importable entity; the engine and the procedures know nothing else about them. */
const ADAPTERS: Record<ImportEntity, ImportAdapter> = {
  institution: institutionAdapter as ImportAdapter,
  person: personAdapter as ImportAdapter,
  interaction: interactionAdapter as ImportAdapter,
  order: orderAdapter as ImportAdapter,
};

export function adapterFor(entity: ImportEntity): ImportAdapter {
  return ADAPTERS[entity];
}
