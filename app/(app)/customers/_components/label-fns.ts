import type { Locale } from '@/server/i18n/locales';
import type { Translate } from '@/server/i18n/translate';

/** Labels of the customer code lists and custom fields, for server and client components alike. */
export function labelsFor(t: Translate, locale: Locale) {
  const of = (group: string) => (code: string | null | undefined) => (code ? t(`${group}.${code}`) : '');
  return {
    tier: (code: string | null | undefined) => (code ? t(`tier.${code}`) : t('tier.none')),
    stage: of('stage'),
    institutionType: of('institutionType'),
    hospitalLevel: of('hospitalLevel'),
    personKind: of('personKind'),
    gender: of('gender'),
    title: of('title'),
    contactKind: of('contactKind'),
    territoryLevel: of('territoryLevel'),
    territoryRole: of('territoryRole'),
    fieldType: of('customFieldType'),
    field: (def: { labelZh: string; labelEn: string }) => (locale === 'zh-CN' ? def.labelZh : def.labelEn),
    option: (def: { options: { value: string; label: Record<Locale, string> }[] }, value: string) => {
      const o = def.options.find((x) => x.value === value);
      return o ? o.label[locale] : value;
    },
  };
}
export type Labels = ReturnType<typeof labelsFor>;

/** Colour of a tier badge: A stands out, C recedes. */
export function tierClass(tier: string | null | undefined): string {
  if (tier === 'A') return 'bg-amber-100 text-amber-800';
  if (tier === 'B') return 'bg-sky-100 text-sky-800';
  if (tier === 'C') return 'bg-slate-100 text-slate-700';
  return 'bg-slate-50 text-slate-400';
}

export function stageClass(stage: string | null | undefined): string {
  if (stage === 'active') return 'bg-emerald-50 text-emerald-700';
  if (stage === 'prospect') return 'bg-brand-50 text-brand-700';
  if (stage === 'dormant') return 'bg-orange-50 text-orange-700';
  if (stage === 'lost') return 'bg-red-50 text-red-700';
  return 'bg-slate-100 text-slate-600';
}
