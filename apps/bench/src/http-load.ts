import autocannon from "autocannon";
import { type Spread, spreadOf } from "./stats.ts";

export interface LoadTarget {
  url: string;
  method?: "GET" | "POST";
  body?: string;
  headers?: Record<string, string>;
  connections?: number;
}

export interface LoadFigures {
  rps: Spread;
  p50: Spread;
  p99: Spread;
  non2xx: number;
}

/** Runs autocannon `runs` times for `seconds` each and reports medians with min–max. */
export async function measureLoad(target: LoadTarget, runs = 3, seconds = 4): Promise<LoadFigures> {
  const results: autocannon.Result[] = [];
  for (let run = 0; run < runs; run++) {
    results.push(
      await autocannon({
        url: target.url,
        method: target.method ?? "GET",
        body: target.body,
        headers: target.headers,
        connections: target.connections ?? 32,
        duration: seconds,
      }),
    );
  }
  return {
    rps: spreadOf(results.map((result) => result.requests.average)),
    p50: spreadOf(results.map((result) => result.latency.p50)),
    p99: spreadOf(results.map((result) => result.latency.p99)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
  };
}
