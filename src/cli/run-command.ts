/**
 * `chargetwin run <scenario files or folders> --csms <url> | --embedded-csms`: runs scripted scenarios
 * (src/scenario) against a central system, prints a readable report, optionally writes JUnit XML and a
 * JSON-lines wire trace per scenario. Exit status: 0 every scenario passed, 1 one failed, 2 usage error.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startCsms, type Csms } from '../csms/index.ts';
import { isTwinError } from '../shared/errors.ts';
import { startScenarioFiles, type ScenarioFiles } from '../scenario/embedded-files.ts';
import { ScenarioLoader, scenarioFiles, runScenarios, formatScenario, formatSummary, junitXml, type Scenario } from '../scenario/index.ts';
import { idOption, intOption, parse, stringOption, urlOption, UsageError, type CliIo } from './args.ts';
import { USAGE } from './usage.ts';

/** `--var name=value`: the value is read as JSON when it is JSON (5, true, "x"), else as text. */
function varsOption(raw: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of Array.isArray(raw) ? raw as string[] : []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(item);
    if (!m) throw new UsageError(`--var must be name=value with a name of letters, digits and _, got "${item}"`);
    let value: unknown = m[2]!;
    try { value = JSON.parse(m[2]!); } catch { /* text */ }
    out[m[1]!] = value;
  }
  return out;
}

function scaleOption(values: Record<string, unknown>): number | undefined {
  const raw = stringOption(values, 'scale');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw) || !(n > 0) || n > 1000) throw new UsageError(`--scale must be a number above 0 and at most 1000, got "${raw}"`);
  return n;
}

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, {
    csms: { type: 'string' }, 'embedded-csms': { type: 'boolean' }, id: { type: 'string' }, junit: { type: 'string' },
    'trace-dir': { type: 'string' }, parallel: { type: 'string' }, scale: { type: 'string' }, var: { type: 'string', multiple: true },
  });
  if (values.help) { io.out(USAGE.run!); return 0; }
  if (positionals.length === 0) throw new UsageError('run: give one or more scenario files or folders (see chargetwin run --help)');
  const url = urlOption(values, 'csms', ['ws', 'wss']);
  const embedded = values['embedded-csms'] === true;
  if (!url === !embedded) throw new UsageError('run: give either --csms <url> or --embedded-csms');
  const stationId = idOption(values, false);
  const parallel = intOption(values, 'parallel', 1, 1, 64);
  if (stationId !== undefined && parallel > 1) throw new UsageError('run: --id gives every scenario the same charge point id; it cannot go with --parallel above 1');
  const scale = scaleOption(values);
  const vars = varsOption(values.var);
  const junit = stringOption(values, 'junit');
  const traceDir = stringOption(values, 'trace-dir');

  if (junit !== undefined && !statSync(dirname(junit), { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--junit: no folder ${dirname(junit)} to write ${junit} in`);
  if (traceDir !== undefined) {
    try { mkdirSync(traceDir, { recursive: true }); } catch (e) { throw new UsageError(`--trace-dir: cannot create ${traceDir} (${(e as NodeJS.ErrnoException).code ?? 'error'})`); }
  }

  let scenarios: Scenario[];
  try {
    const loader = new ScenarioLoader();
    scenarios = scenarioFiles(positionals).map((f) => loader.load(f));
  } catch (e) {
    if (isTwinError(e, 'TWIN_ERR_SCENARIO_INVALID')) throw new UsageError(e.message);
    throw e;
  }
  if (scenarios.length === 0) throw new UsageError(`run: no scenario files (.yaml, .yml, .json) in ${positionals.join(', ')}`);

  let csms: Csms | undefined;
  let files: ScenarioFiles | undefined;
  try {
    if (embedded) {
      csms = await startCsms({ host: '127.0.0.1', port: 0 });
      files = await startScenarioFiles();
    }
    const results = await runScenarios(scenarios, {
      csmsUrl: url ?? csms!.url, ...(csms ? { csms } : {}), ...(stationId ? { stationId } : {}), ...(scale ? { scale } : {}),
      vars: { ...files?.vars, ...vars }, ...(traceDir ? { traceDir } : {}), parallel, onResult: (r) => io.out(`${formatScenario(r)}\n`),
    });
    io.out(formatSummary(results));
    if (junit) writeFileSync(junit, junitXml(results));
    return results.every((r) => r.passed) ? 0 : 1;
  } finally {
    await files?.close();
    await csms?.close();
  }
}
