import {
  AffiliationSchema,
  ContactPointSchema,
  DepartmentSchema,
  InstitutionSchema,
  PersonSchema,
  type ContactKind,
  type CustomerKind,
  type HcpTitle,
} from '@/server/db/entities';
import { accessScope, inScope } from './access';
import { PHONE_KINDS, phoneKeys } from './contacts';
import type { CustomerContext } from './context';

/**
 * Possible duplicates of a record about to be created (by hand or by an import row):
 *   people       — the same phone, or the same name at the same institution and department
 *                  (a missing department on either side matches any department there);
 *   institutions — the same name, or the same phone.
 * Candidates outside the user's territories are only counted, never described.
 */

export type DuplicateReason = 'phone' | 'nameAffiliation' | 'name';

export interface DuplicateCandidate {
  id: string;
  kind: CustomerKind;
  name: string;
  reasons: DuplicateReason[];
  title: HcpTitle | null;
  institutionName: string | null;
  departmentName: string | null;
  city: string | null;
}

export interface DuplicateResult {
  candidates: DuplicateCandidate[];
  /** Matches in territories the user cannot see. */
  hiddenCount: number;
}

interface ContactLike {
  kind: ContactKind;
  value: string;
}

export interface PersonCandidate {
  name: string;
  contacts?: readonly ContactLike[];
  affiliations?: readonly { institutionId: string; departmentId: string | null }[];
  /** The record itself, when checking an existing one. */
  excludeId?: string;
}

export interface InstitutionCandidate {
  name: string;
  contacts?: readonly ContactLike[];
  excludeId?: string;
}

const MAX_CANDIDATES = 10;

function addReason(map: Map<string, Set<DuplicateReason>>, id: string, reason: DuplicateReason) {
  let set = map.get(id);
  if (!set) map.set(id, (set = new Set()));
  set.add(reason);
}

async function phoneMatches(ctx: CustomerContext, kind: CustomerKind, contacts: readonly ContactLike[] | undefined, into: Map<string, Set<DuplicateReason>>) {
  const keys = phoneKeys(contacts ?? []);
  if (!keys.length) return;
  const hits = await ctx.em.find(ContactPointSchema, { ownerKind: kind, kind: { $in: [...PHONE_KINDS] }, valueReversed: { $in: keys } }, { fields: ['ownerId'], limit: 50 });
  for (const h of hits) addReason(into, h.ownerId, 'phone');
}

export async function findDuplicates(ctx: CustomerContext, kind: 'person', candidate: PersonCandidate): Promise<DuplicateResult>;
export async function findDuplicates(ctx: CustomerContext, kind: 'institution', candidate: InstitutionCandidate): Promise<DuplicateResult>;
export async function findDuplicates(ctx: CustomerContext, kind: CustomerKind, candidate: PersonCandidate | InstitutionCandidate): Promise<DuplicateResult> {
  return kind === 'person' ? personDuplicates(ctx, candidate as PersonCandidate) : institutionDuplicates(ctx, candidate);
}

async function personDuplicates(ctx: CustomerContext, c: PersonCandidate): Promise<DuplicateResult> {
  const reasons = new Map<string, Set<DuplicateReason>>();
  await phoneMatches(ctx, 'person', c.contacts, reasons);
  const name = c.name.trim();
  const places = (c.affiliations ?? []).filter((a) => a.institutionId);
  if (name && places.length) {
    const namesakes = await ctx.em.find(PersonSchema, { name, deletedAt: null }, { fields: ['id'], limit: 200 });
    if (namesakes.length) {
      const affs = await ctx.em.find(
        AffiliationSchema,
        { personId: { $in: namesakes.map((p) => p.id) }, institutionId: { $in: [...new Set(places.map((p) => p.institutionId))] } },
        { fields: ['personId', 'institutionId', 'departmentId'] },
      );
      for (const a of affs) {
        const match = places.some((p) => p.institutionId === a.institutionId && (p.departmentId === null || a.departmentId === null || p.departmentId === a.departmentId));
        if (match) addReason(reasons, a.personId, 'nameAffiliation');
      }
    }
  }
  if (c.excludeId) reasons.delete(c.excludeId);
  if (!reasons.size) return { candidates: [], hiddenCount: 0 };

  const scope = await accessScope(ctx);
  const people = await ctx.em.find(
    PersonSchema,
    { id: { $in: [...reasons.keys()] }, deletedAt: null },
    { fields: ['id', 'name', 'title', 'territoryId', 'primaryInstitutionId', 'primaryDepartmentId'], orderBy: { name: 'asc' } },
  );
  const visible = people.filter((p) => inScope(scope, p.territoryId)).slice(0, MAX_CANDIDATES);
  const [institutions, departments] = await Promise.all([
    ctx.em.find(InstitutionSchema, { id: { $in: visible.map((p) => p.primaryInstitutionId).filter((x): x is string => !!x) } }, { fields: ['id', 'name', 'city'] }),
    ctx.em.find(DepartmentSchema, { id: { $in: visible.map((p) => p.primaryDepartmentId).filter((x): x is string => !!x) } }, { fields: ['id', 'name'] }),
  ]);
  const inst = new Map(institutions.map((i) => [i.id, i]));
  const dept = new Map(departments.map((d) => [d.id, d.name]));
  return {
    candidates: visible.map((p) => ({
      id: p.id,
      kind: 'person' as const,
      name: p.name,
      reasons: [...reasons.get(p.id)!],
      title: p.title,
      institutionName: p.primaryInstitutionId ? (inst.get(p.primaryInstitutionId)?.name ?? null) : null,
      departmentName: p.primaryDepartmentId ? (dept.get(p.primaryDepartmentId) ?? null) : null,
      city: p.primaryInstitutionId ? (inst.get(p.primaryInstitutionId)?.city ?? null) : null,
    })),
    hiddenCount: people.filter((p) => !inScope(scope, p.territoryId)).length,
  };
}

async function institutionDuplicates(ctx: CustomerContext, c: InstitutionCandidate): Promise<DuplicateResult> {
  const reasons = new Map<string, Set<DuplicateReason>>();
  await phoneMatches(ctx, 'institution', c.contacts, reasons);
  const name = c.name.trim();
  if (name) {
    const same = await ctx.em.find(InstitutionSchema, { name, deletedAt: null }, { fields: ['id'], limit: 50 });
    for (const s of same) addReason(reasons, s.id, 'name');
  }
  if (c.excludeId) reasons.delete(c.excludeId);
  if (!reasons.size) return { candidates: [], hiddenCount: 0 };
  const scope = await accessScope(ctx);
  const rows = await ctx.em.find(InstitutionSchema, { id: { $in: [...reasons.keys()] }, deletedAt: null }, { fields: ['id', 'name', 'city', 'territoryId'], orderBy: { name: 'asc' } });
  const visible = rows.filter((r) => inScope(scope, r.territoryId)).slice(0, MAX_CANDIDATES);
  return {
    candidates: visible.map((r) => ({ id: r.id, kind: 'institution' as const, name: r.name, reasons: [...reasons.get(r.id)!], title: null, institutionName: null, departmentName: null, city: r.city })),
    hiddenCount: rows.filter((r) => !inScope(scope, r.territoryId)).length,
  };
}
