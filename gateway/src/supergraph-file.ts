import { readFile } from 'node:fs/promises';
import { watch, type FSWatcher } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@flowgraph/shared/logger';

/**
 * Serves the supergraph from a file. With `watch`, a changed file is re-read and handed
 * to the gateway, which re-plans new operations against it; a file that fails to load
 * is logged and the previous supergraph stays in service.
 */
export function supergraphFromFile(path: string, options: { watch: boolean; logger: Logger }): SupergraphSdlHook {
  return async ({ update }) => {
    const supergraphSdl = await readFile(path, 'utf8');
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    let last = supergraphSdl;
    if (options.watch) {
      watcher = watch(path, () => {
        // Editors write in several steps; settle before reading.
        clearTimeout(timer);
        timer = setTimeout(() => {
          void readFile(path, 'utf8')
            .then((next) => {
              if (next === last || next.trim() === '') return;
              update(next);
              last = next;
              options.logger.info({ path }, 'supergraph reloaded');
            })
            .catch((error: unknown) => options.logger.error({ err: error, path }, 'supergraph reload failed; keeping the previous one'));
        }, 100);
      });
    }
    return {
      supergraphSdl,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
      },
    };
  };
}
