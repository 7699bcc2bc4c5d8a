/**
 * Fault points for the tests that kill a process at every step of something that writes files (backup, restore):
 * when FAULT_POINT names this point, the process kills itself with SIGKILL right here, as a power cut would. No
 * effect otherwise; nothing in the app sets FAULT_POINT.
 */
export function faultPoint(name: string): void {
  if (process.env.FAULT_POINT === name) process.kill(process.pid, 'SIGKILL');
}
