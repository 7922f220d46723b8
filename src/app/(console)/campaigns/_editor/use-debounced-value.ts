'use client';
import { useEffect, useState } from 'react';

/** `value` once it has stopped changing for `ms`. Pass a primitive (e.g. a JSON string) so equal values compare equal. */
export function useDebouncedValue<T extends string | number | boolean | null>(
  value: T,
  ms: number,
): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
