import type { Migration } from '../types';
import { m0001Init } from './0001_init';
import { m0002Customers } from './0002_customers';
import { m0003Compliance } from './0003_compliance';
import { m0004Notifications } from './0004_notifications';
import { m0005BenchIndexes } from './0005_bench_indexes';
import { m0006ConsentLinks } from './0006_consent_links';

/** Core's migrations in the order they run. */
export const coreMigrations: Migration[] = [m0001Init, m0002Customers, m0003Compliance, m0004Notifications, m0005BenchIndexes, m0006ConsentLinks];
