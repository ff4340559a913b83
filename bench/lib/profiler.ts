import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

/**
 * A V8 CPU profile of this process over chosen windows only (`--cpu-prof` covers the whole run,
 * where setup dominates). Each window is written as a `.cpuprofile` for Chrome DevTools or speedscope.
 */
export class WindowProfiler {
  private session: Session | undefined;

  constructor(private readonly directory: string) {}

  async start(): Promise<void> {
    if (!this.session) {
      this.session = new Session();
      this.session.connect();
      await this.session.post('Profiler.enable');
    }
    await this.session.post('Profiler.start');
  }

  /** Stops the window's profile and returns the file it was written to. */
  async stop(name: string): Promise<string> {
    if (!this.session) throw new Error('profiler not started');
    const { profile } = await this.session.post('Profiler.stop');
    mkdirSync(this.directory, { recursive: true });
    const file = path.resolve(this.directory, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  }
}
