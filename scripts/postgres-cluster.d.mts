export interface ThrowawayCluster {
  /** Superuser URL of the cluster's `postgres` database. */
  url: string;
  /** Stops the cluster and removes its files. */
  stop(): void;
  /** The postmaster and the processes it started, for CPU accounting. */
  pids(): number[];
}

export function postgresBinDir(): string | undefined;
export function startThrowawayCluster(binDir: string, options?: { maxConnections?: number }): Promise<ThrowawayCluster>;
