// The client address a webhook came from, for the per-IP rate limit. Behind the load balancer the
// first X-Forwarded-For entry is the caller (as the tRPC context reads it).
export function webhookClientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
  // Bounded and label-safe: the bucket name has a length limit.
  return ip.replace(/[^0-9A-Fa-f.:]/g, '').slice(0, 45) || 'unknown';
}
