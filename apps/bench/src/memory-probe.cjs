// Preloaded into the server by `npm run soak` (node --expose-gc --require): every SOAK_PROBE_MS it
// collects garbage and writes one line to stderr with the heap that survived and the resident size,
// so the soak reads the server's memory without the product exposing it.
const interval = Number(process.env.SOAK_PROBE_MS || 10000);
const timer = setInterval(() => {
  if (typeof global.gc === "function") global.gc();
  const memory = process.memoryUsage();
  process.stderr.write(`SOAK_MEMORY ${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, at: Date.now() })}\n`);
}, interval);
timer.unref();
