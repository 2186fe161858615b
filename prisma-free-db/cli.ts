/**
 * Database commands:
 *   npm run migrate                      apply pending migrations (core, then plugins)
 *   tsx prisma-free-db/cli.ts down <scope> [steps]
 *   npm run audit:verify [-- <tenantId>]  check every tenant's audit hash chain
 *   tsx prisma-free-db/cli.ts seed-demo  seed the demo tenants (skipped when already seeded)
 *   tsx prisma-free-db/cli.ts disable-user|enable-user <email>
 *                                        installation operators: lock an account out of every company
 */
import { normaliseEmail } from '@/server/auth/rate-limit';
import { revokeAllSessions } from '@/server/auth/sessions';
import { TenantSchema, UserSchema } from '@/server/db/entities';
import { closeOrm, forkEm, getOrm } from '@/server/db/orm';
import { recordAudit, SYSTEM_TENANT, verifyAuditChain } from '@/server/services/audit';
import { migrateDown, migrateUp } from './migrate';
import { seedDemo } from './seeds/demo';

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const orm = await getOrm();
  try {
    switch (command) {
      case 'migrate': {
        const done = await migrateUp(orm);
        console.log(done.length ? `Applied ${done.length} migration(s): ${done.join(', ')}` : 'Database is up to date.');
        break;
      }
      case 'down': {
        const [scope, steps] = args;
        if (!scope) throw new Error('usage: down <scope> [steps]');
        console.log('Reverted:', (await migrateDown(orm, scope, Number(steps ?? 1))).join(', ') || 'nothing');
        break;
      }
      case 'verify-audit': {
        const em = await forkEm();
        const tenants = args[0] ? [args[0]] : [SYSTEM_TENANT, ...(await em.find(TenantSchema, {})).map((t) => t.id)];
        let broken = 0;
        for (const t of tenants) {
          const verdict = await verifyAuditChain(em, t);
          if (verdict.intact) console.log(`${t}: intact (${verdict.entries} entries)`);
          else {
            broken++;
            console.log(`${t}: BROKEN at seq ${verdict.brokenAtSeq} (entry ${verdict.entryId}) after ${verdict.entries} good entries`);
          }
        }
        process.exitCode = broken ? 1 : 0;
        break;
      }
      case 'seed-demo': {
        await migrateUp(orm);
        await seedDemo(orm);
        break;
      }
      case 'disable-user':
      case 'enable-user': {
        const email = normaliseEmail(args[0] ?? '');
        const em = await forkEm();
        const user = await em.findOne(UserSchema, { email });
        if (!user) throw new Error(`no account for ${email}`);
        const disabled = command === 'disable-user';
        user.disabledAt = disabled ? new Date() : null;
        await em.flush();
        const ended = disabled ? await revokeAllSessions(em, user.id, 'user_disabled') : 0;
        await recordAudit(em, { tenantId: SYSTEM_TENANT, actorUserId: null, action: disabled ? 'user.disabled' : 'user.enabled', entity: 'User', entityId: user.id, changes: { email, sessionsEnded: ended, via: 'cli' } });
        console.log(`${email}: ${disabled ? `disabled, ${ended} session(s) ended` : 'enabled'}`);
        break;
      }
      default:
        console.error('commands: migrate | down <scope> [steps] | verify-audit [tenantId] | seed-demo | disable-user <email> | enable-user <email>');
        process.exitCode = 2;
    }
  } finally {
    await closeOrm();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
