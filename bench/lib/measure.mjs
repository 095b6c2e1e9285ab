// Timing helpers shared by the Node workers and the browser bench page's runner.
import { spawn } from 'node:child_process';

export function median(values) {
  if (!values.length) return NaN;
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * How long `run` is called, untimed, after the first (cold) call before the
 * warm calls are timed. V8 optimises hot functions (wasm: TurboFan after
 * Liftoff) on background threads during the first calls; on a 2-core machine
 * those calls are slowed by that work, so without this a fast engine's "warm"
 * median on a short input was taken mostly from them.
 */
export const WARM_UP_MS = 1000;

/**
 * Repeats `run` after the first (cold) call: untimed for `warmUpMs` (at least
 * once), then timed until it has at least `minReps` timings and `minMs` of
 * measured time, or `maxReps` timings, or (with at least one timing) `maxMs`
 * of measured time: a slow engine still finishes.
 * @returns {number[]} milliseconds per timed call
 */
export function repeat(run, { minReps = 3, maxReps = 15, minMs = 1000, maxMs = 20_000, warmUpMs = WARM_UP_MS } = {}) {
  const warmUpUntil = performance.now() + warmUpMs;
  do run(); while (performance.now() < warmUpUntil);
  const times = [];
  let total = 0;
  while (times.length < maxReps && (times.length < minReps || total < minMs) && !(times.length >= 1 && total >= maxMs)) {
    const started = performance.now();
    run();
    const elapsed = performance.now() - started;
    times.push(elapsed);
    total += elapsed;
  }
  return times;
}

/**
 * Runs `node script` with one JSON argument in a fresh process (so the first
 * pass is really cold) and resolves to the JSON object it prints last.
 * After `timeoutMs` the process is killed and the promise resolves to the
 * last JSON line it printed so far (workers print one after their cold pass)
 * with `timedOut: true`, or rejects when there is none. Rejects on a non-zero exit.
 */
export function runWorker(script, args, { timeoutMs = 600_000, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        const last = stdout.trim().split('\n').filter((line) => line.startsWith('{')).at(-1);
        if (last) resolve({ ...JSON.parse(last), timedOut: true, timeoutMs });
        else reject(Object.assign(new Error(`${script} timed out after ${timeoutMs / 1000} s`), { timedOut: true }));
        return;
      }
      if (code !== 0) {
        reject(new Error(`${script} ${JSON.stringify(args)} exited with ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)));
      } catch (error) {
        reject(new Error(`${script}: unreadable output ${stdout.slice(-300)} (${error.message})`));
      }
    });
  });
}
