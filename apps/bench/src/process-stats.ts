import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU milliseconds (user + system) a process's threads have used so far, to the nanosecond
 * (`/proc/<pid>/task/<tid>/schedstat`; `/proc/<pid>/stat` counts in 10 ms ticks, too coarse
 * for a few dozen sign-ins). Node's threads live as long as the process.
 */
export function cpuMs(pid: number): number {
  let nanoseconds = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const schedstat = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, { encoding: "utf8", flag: "r" });
    nanoseconds += Number(schedstat.split(" ")[0]);
  }
  return nanoseconds / 1e6;
}

/** Resident memory of a process, in MiB. */
export function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("VmRSS:"));
  return Number(line?.replace(/\D+/g, "") ?? 0) / 1024;
}

/** Samples a process's RSS every 100 ms until stopped; returns the peak. */
export function samplePeakRss(pid: number) {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, 100);
  return () => {
    clearInterval(timer);
    return peak;
  };
}
