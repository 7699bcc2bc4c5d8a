import fs from 'node:fs';

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a lock file holding this process's id. A lock whose process is gone (killed) is stale and taken over,
 * after `onStale` tidied what that process left. A lock held by a live process: `wait` polls until it is free (or
 * `timeoutMs` passed), otherwise `busy` is thrown at once. Returns the release.
 */
export async function takePidLock(
  file: string,
  options: {
    wait: boolean;
    timeoutMs?: number;
    busy: (pid: number) => Error;
    onStale?: () => Promise<void> | void;
  },
): Promise<() => void> {
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number((fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '').trim() || 0);
      if (!pid || pid === process.pid || !processAlive(pid)) {
        await options.onStale?.();
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!options.wait || Date.now() - started > (options.timeoutMs ?? 120_000)) throw options.busy(pid);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
