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

/** Fields 14–17 of /proc/<pid>/stat (utime, stime, cutime, cstime), in ticks; null once the process is gone. */
function statTimes(pid: number): number[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .slice(11, 15)
      .map(Number);
  } catch {
    return null;
  }
}

/**
 * CPU milliseconds a server and its worker processes have used so far, including workers that have
 * exited (PostgreSQL ends a backend when its connection closes): the parent's own time, the time of
 * the children it has reaped, and the live children's. Counted in 10 ms ticks, fine over many sign-ins.
 */
export function processTreeCpuMs(parentPid: number, childPids: number[]): number {
  const [user = 0, system = 0, reapedUser = 0, reapedSystem = 0] = statTimes(parentPid) ?? [];
  let ticks = user + system + reapedUser + reapedSystem;
  for (const pid of childPids) {
    const [childUser = 0, childSystem = 0] = statTimes(pid) ?? [];
    ticks += childUser + childSystem;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
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
