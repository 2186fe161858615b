/** The client address: the first hop a trusted proxy recorded, else what the server saw. */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim().slice(0, 64);
  return (headers.get('x-real-ip') ?? 'unknown').slice(0, 64);
}
