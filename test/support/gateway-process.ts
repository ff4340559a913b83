import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { GatewayConfig } from '@flowgraph/gateway';
import { processCpuMs } from '@flowgraph/shared/cpu/thread-cpu';

export interface GatewayProcess {
  url: string;
  pid: number;
  /** CPU ms the gateway's process (all its threads) has used so far; only differences mean anything. */
  cpuMs(): number;
  /**
   * A full garbage collection in the gateway, done when this resolves: a measurement that starts after
   * it counts the garbage its own requests make, not a collection owed to what came before.
   */
  collectGarbage(): Promise<void>;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./gateway-process-main.ts', import.meta.url));

/** Starts a gateway in a child process of its own (TypeScript through tsx), with `config` and the run's Redis namespace. */
export async function startGatewayProcess(options: { config: GatewayConfig; redisUrl: string; redisPrefix: string; startupMs?: number }): Promise<GatewayProcess> {
  const child: ChildProcess = fork(MAIN, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, FLOWGRAPH_GATEWAY_PROCESS: JSON.stringify({ config: options.config, redisUrl: options.redisUrl, redisPrefix: options.redisPrefix }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway process did not start within ${options.startupMs ?? 90_000} ms`)), options.startupMs ?? 90_000);
    child.once('message', (message: { url?: string }) => {
      clearTimeout(timer);
      if (typeof message.url === 'string') resolve(message.url);
      else reject(new Error(`unexpected message from the gateway process: ${JSON.stringify(message)}`));
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`the gateway process exited (${String(code)}) before it started`));
    });
  });
  let url: string;
  try {
    url = await started;
  } catch (error) {
    child.kill();
    throw error;
  }
  const pid = child.pid!;
  if (processCpuMs(pid) === undefined) {
    child.kill();
    throw new Error('the CPU time of another process cannot be read here (no /proc)');
  }
  return {
    url,
    pid,
    cpuMs: () => processCpuMs(pid) ?? Number.NaN,
    collectGarbage: async () => {
      const done = new Promise<void>((resolve) => {
        const onMessage = (message: unknown) => {
          if (message !== 'gc-done') return;
          child.off('message', onMessage);
          resolve();
        };
        child.on('message', onMessage);
      });
      child.send('gc');
      await done;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      child.send('stop');
      const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(deadline);
    },
  };
}
