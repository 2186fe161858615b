import { z } from 'zod';
import { CUSTOMER_KINDS } from '@/server/db/entities';

/** Input pieces shared by the work routers (interactions, tasks, orders, service, activities, requirements). */
export const id = z.string().min(1).max(64);
/** An optional id; an empty select sends '' and means none. */
export const optionalId = z.string().max(64).nullish().transform((v) => v || null);
export const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional free text; blank means none. */
export const optionalText = (max: number) => z.string().trim().max(max).nullish().transform((v) => v || null);
export const optionalDate = z.date().nullish().transform((v) => v ?? null);
export const limit = z.number().int().min(1).max(100);
/** Where a keyset page starts: required (null for the first page), so a list input is never empty. */
export const cursor = z.string().max(500).nullable();
export const customerKind = z.enum(CUSTOMER_KINDS);
export const customer = { kind: customerKind, id };
/** Values of tenant-defined fields; checked against their definitions in the service. */
export const customValues = z.record(z.string().max(60), z.union([z.string().max(5000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50), z.null()]));
