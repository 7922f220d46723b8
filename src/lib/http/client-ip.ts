// The address a request came from, for per-IP limits and bucket names (pure: headers in, text
// out). Behind the load balancer the first X-Forwarded-For entry is the caller; X-Real-IP next.
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
  // Bounded and label-safe: it ends up in rate-limit bucket names, which have a length limit.
  return ip.replace(/[^0-9A-Fa-f.:]/g, '').slice(0, 45) || 'unknown';
}
