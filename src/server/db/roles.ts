// Runtime database roles. Migrations run as the owner of the tables; the web app and the
// worker's domain work connect as `switchboard_app`, which owns nothing, so row-level security
// (forced on every tenant table) always applies to it.
export const APP_ROLE = 'switchboard_app';
/**
 * Cross-tenant maintenance (auth lookups, reconcilers, sweeps) switches to this role for one
 * transaction with SET LOCAL ROLE. The app role is NOINHERIT, so the system policies never
 * apply to it implicitly, only inside `withSystemTx`.
 */
export const SYSTEM_ROLE = 'switchboard_system';
