import type { EntityManager } from '@mikro-orm/core';
import { forkEm } from '@/server/db/orm';
import { errorFields, log } from '@/server/log';
import type { CoreEvents, EventName } from './types';

export interface EventHandlerContext {
  tenantId: string;
  /** A fresh EntityManager scoped to the event's tenant; the handler flushes what it changes. */
  em: EntityManager;
}

export interface EventHandlerDefinition<E extends EventName = EventName> {
  on: E;
  /** Name used in logs, unique within the owner. */
  name: string;
  handle(payload: CoreEvents[E], ctx: EventHandlerContext): Promise<void>;
}

/** Typed helper so a handler's payload type follows its event name. */
export function onEvent<E extends EventName>(
  on: E,
  name: string,
  handle: (payload: CoreEvents[E], ctx: EventHandlerContext) => Promise<void>,
): EventHandlerDefinition {
  return { on, name, handle } as unknown as EventHandlerDefinition;
}

export interface Subscriber {
  /** 'core' or a plugin id. */
  owner: string;
  handler: EventHandlerDefinition;
}

export interface PendingEvent {
  name: EventName;
  payload: CoreEvents[EventName];
}

/**
 * The in-process event bus. It is given its subscribers and a predicate that says whether an owner
 * (a plugin) is enabled for a tenant; events go only to enabled owners. Each handler runs in its
 * own EntityManager, after the emitting transaction committed; a failing handler is logged and
 * never breaks the request that emitted the event.
 */
export class EventBus {
  constructor(
    private readonly subscribers: () => Subscriber[],
    private readonly isOwnerEnabled: (tenantId: string, owner: string) => Promise<boolean>,
  ) {}

  async dispatch(events: PendingEvent[]): Promise<void> {
    for (const event of events) {
      const tenantId = event.payload.tenantId;
      for (const { owner, handler } of this.subscribers()) {
        if (handler.on !== event.name) continue;
        try {
          if (!(await this.isOwnerEnabled(tenantId, owner))) continue;
          const em = await forkEm(tenantId);
          await handler.handle(event.payload as never, { tenantId, em });
        } catch (err) {
          log.error('event handler failed', { event: event.name, owner, handler: handler.name, tenantId, ...errorFields(err) });
        }
      }
    }
  }
}
