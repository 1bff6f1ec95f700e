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

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU in these ticks. */
const TICKS_PER_SECOND = 100;

/** A process's own and its reaped children's CPU (fields 14–17 of /proc/<pid>/stat), in ms; 0 once it is gone. */
function ownAndReapedMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ticks = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .slice(11, 15)
      .reduce((sum, field) => sum + Number(field), 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU of a process that may exit at any moment: 0 once it is gone. */
const cpuMsIfAlive = (pid: number) => {
  try {
    return cpuMs(pid);
  } catch {
    return 0;
  }
};

/**
 * CPU milliseconds a server and its worker processes have used so far, including workers that have
 * exited (PostgreSQL ends a backend when its connection closes): the live workers' to the nanosecond,
 * plus the parent's own and its reaped workers' in 10 ms ticks. Read again when a worker was reaped
 * between the reads, so none is counted twice or not at all.
 */
export function processTreeCpuMs(parentPid: number, childPids: number[]): number {
  for (;;) {
    const before = ownAndReapedMs(parentPid);
    const live = childPids.reduce((sum, pid) => sum + cpuMsIfAlive(pid), 0);
    if (ownAndReapedMs(parentPid) === before) return before + live;
  }
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
