import { percentile } from "./stats.ts";

export interface LatencyFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  count: number;
}

/** Sends one request after another (one connection) and times each precisely. */
export async function measureSequentialLatency(url: string, until: () => boolean, minCount = 0): Promise<LatencyFigures> {
  const samples: number[] = [];
  while (!until() || samples.length < minCount) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples), count: samples.length };
}

/** The lookup URL for an email, as the SPA calls it (tRPC GET, plain JSON input). */
export const lookupUrl = (origin: string, email: string) =>
  `${origin}/trpc/auth.lookup?input=${encodeURIComponent(JSON.stringify({ email }))}`;
