/**
 * Domain events of core. Plugins subscribe through their `events` list; payloads are plain data
 * and always carry the tenant. Later issues add customer and interaction payload fields here.
 */
export interface CoreEvents {
  'membership.created': { tenantId: string; userId: string; roles: string[]; actorUserId: string | null };
  'membership.removed': { tenantId: string; userId: string; actorUserId: string | null };
  'plugin.enabled': { tenantId: string; pluginId: string; actorUserId: string | null };
  'plugin.disabled': { tenantId: string; pluginId: string; actorUserId: string | null };
  'customer.created': { tenantId: string; customerId: string; kind: 'person' | 'institution'; actorUserId: string | null };
  'interaction.created': { tenantId: string; interactionId: string; actorUserId: string | null };
}

export type EventName = keyof CoreEvents;
export type EventPayload<E extends EventName> = CoreEvents[E];
