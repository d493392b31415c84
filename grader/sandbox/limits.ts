// Resource limits of a box, with the defaults the course agreed on.

/** Limits applied to every student program. */
export interface Limits {
  cpuSeconds: number;
  memoryMiB: number;
  fileMiB: number;
  openFiles: number;
  processes: number;
  /** Size of the box's private /tmp and writable work folder, MiB. */
  diskMiB: number;
}

/** Defaults: 10 s CPU, 512 MiB memory, 10 MiB per file, 256 fds, 64 processes. */
export const DEFAULT_LIMITS: Limits = {
  cpuSeconds: 10,
  memoryMiB: 512,
  fileMiB: 10,
  openFiles: 256,
  processes: 64,
  diskMiB: 64,
};

/** prlimit(1) arguments for the limits; soft CPU below hard so Python sees a catchable SIGXCPU first. */
export function prlimitArgs(limits: Limits, withNproc: boolean): string[] {
  const mib = 1024 * 1024;
  const args = [
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--as=${limits.memoryMiB * mib}`,
    `--fsize=${limits.fileMiB * mib}`,
    `--nofile=${limits.openFiles}`,
    // SIGXCPU and SIGSEGV dump core by default: a 500 MB core per launch, or a host crash handler.
    '--core=0',
  ];
  // RLIMIT_NPROC does not bind uid 0 and counts per user across boxes, so it is only a
  // fallback when no pids cgroup is available.
  if (withNproc) args.push(`--nproc=${limits.processes}`);
  return args;
}

/** The limits of one exercise's programs: defaults, then the exercise's own, then the command line. */
export function effectiveLimits(base: Limits, exercise: Partial<Limits> | undefined, cli: Partial<Limits>): Limits {
  return { ...base, ...exercise, ...cli };
}
