'use client';
// One Idempotency-Key per intended operation: asking again for the same intent (a retried click
// after an error or a lost answer) gives the same key, so the server runs it at most once; a
// different intent (another campaign, another schedule) or one that succeeded gets a new key.
import { useRef } from 'react';

export function useIntentKey() {
  const current = useRef<{ intent: string; key: string } | null>(null);
  return {
    keyFor(intent: string): string {
      if (current.current?.intent !== intent)
        current.current = { intent, key: crypto.randomUUID() };
      return current.current.key;
    },
    done(): void {
      current.current = null;
    },
  };
}
