import autocannon from "autocannon";
import { BENCH_ADMIN, BENCH_PASSWORD } from "./bench-data.ts";
import { type LatencyFigures, lookupUrl, measureSequentialLatency } from "./latency.ts";

export interface FloodFigures {
  passwordSignInsPerSecond: number;
  refused429: number;
  lookupDuringFlood: LatencyFigures;
}

/** Floods password sign-in while a lookup stream runs beside it: the KDF must not stall the event loop. */
export async function measurePasswordFlood(origin: string, seconds = 6): Promise<FloodFigures> {
  let isFlooding = true;
  const flood = autocannon({
    url: `${origin}/trpc/auth.passwordLogin`,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: BENCH_ADMIN, password: BENCH_PASSWORD }),
    connections: 16,
    duration: seconds,
  }).then((result) => {
    isFlooding = false;
    return result;
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const lookupDuringFlood = await measureSequentialLatency(lookupUrl(origin, "user-1@tenant-1.test"), () => !isFlooding);
  const result = await flood;
  return {
    passwordSignInsPerSecond: result["2xx"] / seconds,
    refused429: result.statusCodeStats?.["429"]?.count ?? 0,
    lookupDuringFlood,
  };
}
