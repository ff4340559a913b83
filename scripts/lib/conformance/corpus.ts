/** The files a conformance run covers: every `.yawl` file directly in one directory. */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class CorpusError extends Error {}

/** The `.yawl` files in `directory`, sorted; throws CorpusError when it is missing, not a directory, or has none. */
export function corpusFiles(directory: string): string[] {
  const path = resolve(directory);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new CorpusError(`conformance corpus ${path} does not exist`);
  }
  if (!isDirectory) throw new CorpusError(`conformance corpus ${path} is not a directory`);
  const files = readdirSync(path).filter((name) => name.endsWith('.yawl')).sort();
  if (files.length === 0) throw new CorpusError(`conformance corpus ${path} holds no .yawl files`);
  return files.map((name) => join(path, name));
}
