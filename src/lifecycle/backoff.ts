// kubelet's crash-loop back-off: 10s, doubling, capped at 5 minutes, reset after a container has
// run 10 minutes. https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
const BACKOFF_START = 10;
const BACKOFF_MAX = 300;
export const BACKOFF_RESET = 600;
// The Job controller's back-off for failed pods: 10s, doubling, capped at 6 minutes.
// https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy
export const JOB_BACKOFF_MAX = 360;

export function backoffDelay(restart: number, max = BACKOFF_MAX): number {
  return Math.min(BACKOFF_START * 2 ** restart, max);
}

export function formatSeconds(t: number): string {
  if (!Number.isFinite(t)) return '∞';
  const s = Math.round(t);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return m < 60 ? `${m}m${rest ? `${rest}s` : ''}` : `${Math.floor(m / 60)}h${m % 60 ? `${m % 60}m` : ''}`;
}

/** Exit and start times of a container that runs `runFor` seconds per start, from `start`, within the horizon. */
export function restartTimes(
  start: number,
  runFor: number,
  horizon: number,
): { exits: number[]; starts: number[] } {
  const exits: number[] = [];
  const starts: number[] = [start];
  let t = start;
  for (let n = 0; n < 50; n++) {
    const exit = t + runFor;
    if (exit > horizon) break;
    exits.push(exit);
    t = exit + backoffDelay(n);
    if (t > horizon) break;
    starts.push(t);
  }
  return { exits, starts };
}

export function listTimes(times: number[]): string {
  const shown = times.slice(0, 5).map(formatSeconds).join(', ');
  return times.length > 5 ? `${shown}, … (back-off capped at 5m)` : shown;
}
