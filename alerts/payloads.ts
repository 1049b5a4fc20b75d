/** The webhook bodies of digests and deliveries (an alert's is alertPayload in messages.ts). */

export function alertPayloadDigest(id: string, at: Date, items: readonly Record<string, unknown>[], link: string): Record<string, unknown> {
  return { id, type: 'digest', created_at: at.toISOString(), items, link };
}

export function deliveryPayload(id: string, at: Date, delivery: { kind: string; period: string; files: readonly string[] }, text: string, link: string): Record<string, unknown> {
  return { id, type: 'delivery', created_at: at.toISOString(), delivery, text, link };
}
