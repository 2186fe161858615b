import type { EntityManager } from '@mikro-orm/core';
import type { CustomField, CustomFieldEntity, CustomValues } from '@/server/db/entities';
import { sensitiveFieldPolicy, type SensitiveFieldPolicy } from '@/server/services/compliance/privacy-settings';
import { readableCustomValues } from './custom-fields';

/**
 * Masking of what compliance marked sensitive (privacy settings), applied wherever customer data
 * leaves the database for a reader: lists, the 360 page, exports. The ID number is always
 * sensitive and encrypted (its own path); these are the person fields compliance may add, and the
 * custom fields it marked on top of the administrator's flag. Unmasking goes through
 * unmask.ts, audited.
 */
export const MASKABLE_PERSON_FIELDS = ['mobile', 'email', 'wechat', 'birthday'] as const;
export type MaskablePersonField = (typeof MASKABLE_PERSON_FIELDS)[number];

/** Contact point kinds that carry one of those fields (a person's office phone counts as their number). */
const CONTACT_KIND_FIELD: Record<string, MaskablePersonField> = { mobile: 'mobile', phone: 'mobile', email: 'email', wechat: 'wechat' };

export const MASK = '******';

/** Enough to recognise the value, not to use it: 138****5678, z***@hospital.cn, w***, ****-**-**. */
export function maskText(field: MaskablePersonField, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  switch (field) {
    case 'mobile': {
      const digits = value.replace(/\D/g, '');
      return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : MASK;
    }
    case 'email': {
      const at = value.indexOf('@');
      return at > 0 ? `${value[0]}***${value.slice(at)}` : MASK;
    }
    case 'wechat':
      return `${value[0]}***`;
    case 'birthday':
      return '****-**-**';
  }
}

export interface CustomerMasking {
  policy: SensitiveFieldPolicy;
  /** Is this person field masked for readers? */
  personField(field: MaskablePersonField): boolean;
  /** The masked person field set, for the UI to offer "unmask". */
  maskedPersonFields(): MaskablePersonField[];
  /** The field a contact point of `kind` belongs to, when that field is masked. */
  contactField(kind: string): MaskablePersonField | null;
  /** Custom values as a reader sees them: the admin-flagged (encrypted) and the compliance-marked masked. */
  customValues(kind: CustomFieldEntity, defs: CustomField[], stored: CustomValues, unmask: boolean): Record<string, CustomValues[string]>;
  /** Custom field definitions with `sensitive` as the policy has it (admin flag or compliance mark). */
  defs(kind: CustomFieldEntity, defs: CustomField[]): CustomField[];
}

export function maskingFor(policy: SensitiveFieldPolicy): CustomerMasking {
  const personField = (field: MaskablePersonField) => policy.isSensitive('person', field);
  return {
    policy,
    personField,
    maskedPersonFields: () => MASKABLE_PERSON_FIELDS.filter(personField),
    contactField: (kind) => {
      const field = CONTACT_KIND_FIELD[kind];
      return field && personField(field) ? field : null;
    },
    customValues(kind, defs, stored, unmask) {
      const out = readableCustomValues(defs, stored, unmask);
      if (unmask) return out;
      for (const d of defs) {
        // Marked by compliance but not encrypted (the admin's flag encrypts): masked on the way out.
        if (!d.sensitive && policy.isSensitive(kind, `custom.${d.key}`) && out[d.key] !== null && out[d.key] !== undefined) out[d.key] = MASK;
      }
      return out;
    },
    defs: (kind, defs) => defs.map((d) => (d.sensitive || !policy.isSensitive(kind, `custom.${d.key}`) ? d : { ...d, sensitive: true })),
  };
}

export async function customerMasking(em: EntityManager): Promise<CustomerMasking> {
  return maskingFor(await sensitiveFieldPolicy(em));
}

export function isMaskable(field: string): field is MaskablePersonField {
  return (MASKABLE_PERSON_FIELDS as readonly string[]).includes(field);
}
