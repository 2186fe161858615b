/**
 * Names of the import/export jobs, in a module of their own: the job definitions (loaded with the
 * plugin host) and the services that queue them (which load the host) both need them, and neither
 * may import the other at load time.
 */
export const IMPORT_JOB = 'core.import-run';
export const EXPORT_JOB = 'core.export-run';
