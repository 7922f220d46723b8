'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';

/**
 * Signs a person in to the workspace they just created or joined and opens the console. Answers
 * false when the sign-in failed (the account exists; they can still sign in themselves).
 */
export function useEnterConsole() {
  const router = useRouter();
  return async (credentials: { email: string; password: string; tenantId: string }) => {
    const result = await signIn('credentials', { ...credentials, redirect: false });
    if (!result || result.error) return false;
    router.replace('/');
    router.refresh();
    return true;
  };
}
