/**
 * tRPC in three parts: initialisation (superjson, translated errors), the transaction middleware
 * (mutations commit atomically; events and jobs leave only after commit), and the procedure
 * ladder — public → authed → tenant → permission → plugin. Every procedure states its rung; no
 * proxy, middleware or page decides access on its behalf.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { DomainError, errors } from '@/server/errors';
import { recordAudit } from '@/server/services/audit';
import { errorFields, log } from '@/server/log';
import { formatError } from './format-error';
import type { Context } from './context';
import { releaseAfterCommit } from './release';

function toTrpcError(err: DomainError): TRPCError {
  return new TRPCError({ code: err.status, message: err.code, cause: err });
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error, ctx }) => formatError(shape, error, ctx),
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/**
 * Every failed authorisation of a member is an audit entry (ASVS: log failed access control).
 * This runs outside the request's transaction (which has rolled back by now), so the entry
 * survives the refused mutation; recordAudit opens its own transaction. A failure to write it is
 * logged and never turns the 403 into a 500.
 */
async function auditDenial(ctx: Context, path: string, type: string, err: DomainError): Promise<void> {
  if (!ctx.session || !ctx.tenant) return;
  try {
    await recordAudit(ctx.em, {
      tenantId: ctx.tenant.id,
      actorUserId: ctx.session.user.id,
      action: 'auth.permission.denied',
      entity: 'Procedure',
      entityId: path,
      changes: { code: err.code, permission: typeof err.values.permission === 'string' ? err.values.permission : null, type },
      ip: ctx.ip,
      requestId: ctx.requestId,
    });
  } catch (e) {
    log.error('could not audit a permission denial', { path, requestId: ctx.requestId, ...errorFields(e) });
  }
}

/**
 * Services throw DomainError (and settings code may throw ZodError); here they become tRPC errors
 * with the right status instead of a 500. Anything else unexpected is logged once, here.
 */
const errorBoundary = t.middleware(async ({ next, path, type, ctx }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof DomainError && cause.status === 'FORBIDDEN' && cause.code !== 'PLUGIN_NOT_ENABLED') await auditDenial(ctx, path, type, cause);
  if (cause instanceof DomainError && result.error.code !== cause.status) throw toTrpcError(cause);
  if (cause instanceof ZodError && result.error.code === 'INTERNAL_SERVER_ERROR') {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'VALIDATION', cause });
  }
  if (result.error.code === 'INTERNAL_SERVER_ERROR') {
    log.error('procedure failed', { path, requestId: ctx.requestId, ...errorFields(cause ?? result.error) });
  }
  return result;
});

/**
 * Mutations run in one database transaction. A failed mutation rolls back and its events and jobs
 * are dropped; a committed one releases them (events to subscribers, jobs to the queue).
 */
const transaction = t.middleware(async ({ type, ctx, next }) => {
  if (type !== 'mutation') {
    const result = await next();
    if (result.ok) await releaseAfterCommit(ctx.afterCommit);
    return result;
  }
  let result: Awaited<ReturnType<typeof next>> | undefined;
  try {
    await ctx.em.transactional(async (em) => {
      result = await next({ ctx: { ...ctx, em } });
      if (!result.ok) throw result.error;
    });
  } catch (err) {
    ctx.afterCommit.discard();
    if (result && !result.ok) return result;
    throw err;
  }
  await releaseAfterCommit(ctx.afterCommit);
  return result!;
});

export const publicProcedure = t.procedure.use(errorBoundary).use(transaction);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw toTrpcError(ctx.sessionEnded ? errors.sessionEnded(ctx.sessionEnded) : errors.unauthenticated());
  return next({ ctx: { ...ctx, session: ctx.session } });
});

export const tenantProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.tenant || !ctx.membership) throw toTrpcError(errors.noTenant());
  return next({ ctx: { ...ctx, tenant: ctx.tenant, membership: ctx.membership } });
});

/** Middleware: the member's roles must grant `permission` in the active tenant. */
export function can(permission: string) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.permissions.has(permission)) throw toTrpcError(errors.forbidden(permission));
    return next();
  });
}

export function requirePermission(permission: string) {
  return tenantProcedure.use(can(permission));
}

/**
 * The base of every plugin procedure: a tenant member, and the plugin enabled for that tenant
 * at this request. Chain `.use(can('<plugin>.<action>'))` for the action's permission.
 */
export function pluginProcedure(pluginId: string) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!ctx.enabledPlugins.has(pluginId)) throw toTrpcError(errors.pluginNotEnabled(pluginId));
    return next();
  });
}

export { toTrpcError };
