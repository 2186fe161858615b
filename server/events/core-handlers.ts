import type { EventHandlerDefinition } from './bus';

/** Core's own subscribers (core features react to events like plugins do). None yet. */
export const coreEventHandlers: EventHandlerDefinition[] = [];
