import { getEnv, requireDatabaseUrl } from '../env';
import { APP_ROLE } from './roles';

export function getOwnerUrl(): string {
  return requireDatabaseUrl();
}

/** APP_DATABASE_URL, or DATABASE_URL with the app role's credentials swapped in. */
export function getAppUrl(): string {
  const env = getEnv();
  if (env.APP_DATABASE_URL) return env.APP_DATABASE_URL;
  const url = new URL(requireDatabaseUrl());
  url.username = APP_ROLE;
  url.password = env.APP_DB_PASSWORD;
  return url.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
