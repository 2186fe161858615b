import type { FeedbackSettings } from './settings';

/**
 * Keyword matching for the adverse-event rules, topic tags and the lexicon sentiment score.
 * Chinese terms match as substrings; Latin terms match whole words (so "rash" is not found in "crash").
 */
function hasTerm(lower: string, term: string): boolean {
  const t = term.trim().toLowerCase();
  if (!t) return false;
  if (/^[\x00-\x7f]+$/.test(t)) {
    const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(lower);
  }
  return lower.includes(t);
}

/** The adverse-event terms (both languages) found in `text`, in lexicon order, without repeats. */
export function matchAdverseTerms(text: string, settings: Pick<FeedbackSettings, 'aeKeywords'>): string[] {
  const lower = text.toLowerCase();
  const found = [...settings.aeKeywords['zh-CN'], ...settings.aeKeywords.en].filter((term) => hasTerm(lower, term));
  return [...new Set(found)];
}

export function tagTopics(text: string, settings: Pick<FeedbackSettings, 'topics'>): string[] {
  const lower = text.toLowerCase();
  return settings.topics.filter((topic) => topic.keywords.some((k) => hasTerm(lower, k))).map((topic) => topic.key);
}

/** Positive words minus negative words, clamped to −5 … +5. */
export function sentimentScore(text: string, settings: Pick<FeedbackSettings, 'sentiment'>): number {
  const lower = text.toLowerCase();
  const pos = settings.sentiment.positive.filter((w) => hasTerm(lower, w)).length;
  const neg = settings.sentiment.negative.filter((w) => hasTerm(lower, w)).length;
  return Math.max(-5, Math.min(5, pos - neg));
}
