'use client';

import { useMemo } from 'react';
import { useLocale, useT } from '@/app/_lib/i18n';
import { labelsFor } from './label-fns';

export { stageClass, tierClass, type Labels } from './label-fns';

/** Labels of the customer code lists (`enums.*`) and of tenant-defined fields, in the user's language. */
export function useLabels() {
  const t = useT('enums');
  const locale = useLocale();
  return useMemo(() => labelsFor(t, locale), [t, locale]);
}
