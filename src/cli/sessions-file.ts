/**
 * `--sessions <file>`: session generator settings from a JSON or YAML file (.yaml/.yml), checked against
 * their schema before anything starts; a file that cannot be read or fails the check is a usage error
 * naming the file and each problem.
 */
import { readFileSync } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import { isTwinError } from '../shared/errors.ts';
import { checkSettings, type SessionGeneratorSettings } from '../station/session-generator/settings.ts';
import { UsageError } from './args.ts';

export function readSessionsFile(file: string): SessionGeneratorSettings {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { throw new UsageError(`--sessions: cannot read "${file}"`); }
  let data: unknown;
  try { data = /\.ya?ml$/i.test(file) ? loadYaml(text, { filename: file }) : JSON.parse(text); } catch (e) {
    throw new UsageError(`--sessions: "${file}" is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  try { return checkSettings(data); } catch (e) {
    if (isTwinError(e, 'TWIN_ERR_BAD_SESSION_SETTINGS')) throw new UsageError(`--sessions: "${file}": ${e.message.replace(/^session generator settings: /, '')}`);
    throw e;
  }
}
