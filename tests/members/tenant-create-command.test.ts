// `npm run tenant:create`: the operator's way to a new company, through the same domain function
// as sign-up (and working with sign-up turned off). Run as the real script against this file's
// database.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withSystemTx } from '../../src/server/db/tx';
import { attemptSignIn } from '../../src/server/domain/auth/sign-in';
import { ownerQuery } from '../helpers/fixtures';
import { uniqueEmail } from './support';

type Run = { code: number | null; stdout: string; stderr: string };

function tenantCreate(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'scripts/tenant-create.ts', ...args], {
      env: { ...process.env, SIGNUP_ENABLED: 'false', LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const signIn = (email: string, password: string) =>
  withSystemTx((tx) => attemptSignIn(tx, { email, password, address: 'operator' }));

describe('npm run tenant:create', () => {
  it('creates the company and its owner, printing a generated password once', async () => {
    const email = uniqueEmail('operator');
    const run = await tenantCreate([
      '--company',
      'Acme Operators',
      '--email',
      email.toUpperCase(),
      '--name',
      'Olga Operator',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const password = /one-time display of the owner's password: (\S+)/.exec(run.stdout)?.[1];
    expect(password).toHaveLength(24);
    const tenantId = /tenant id (\S+)/.exec(run.stdout)?.[1];
    expect(await signIn(email, password!)).toMatchObject({
      outcome: 'success',
      user: { tenantId, name: 'Olga Operator' },
    });
    const [audit] = await ownerQuery<{ actor_id: string | null; detail: { via: string } }>(
      `SELECT actor_id, detail FROM audit_entries WHERE tenant_id = $1 AND action = 'tenant.created'`,
      [tenantId],
    );
    expect(audit).toMatchObject({ actor_id: null, detail: { via: 'operator' } });
  }, 60_000);

  it('reads the password from stdin, and refuses bad input and a taken e-mail with the reason', async () => {
    const email = uniqueEmail('stdin');
    const args = ['--company', 'Stdin Co', '--email', email, '--name', 'Sam', '--password-stdin'];
    const run = await tenantCreate(args, 'a password from stdin\n');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('password:');
    expect(await signIn(email, 'a password from stdin')).toMatchObject({ outcome: 'success' });

    const taken = await tenantCreate(args, 'a password from stdin\n');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('an account with this e-mail already exists');

    const short = await tenantCreate([
      '--company',
      'X Co',
      '--email',
      uniqueEmail('short'),
      '--name',
      'X',
      '--password',
      'short',
    ]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('--password: at least 12 characters');
  }, 90_000);
});
