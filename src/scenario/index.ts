/** Scripted scenarios with verdicts: load (YAML/JSON + schema), run against a central system, report, JUnit. */
export { ScenarioLoader, scenarioFiles, SCENARIO_SCHEMA_URL, defaultStationId } from './load.ts';
export { runScenario, runScenarios, stationIdOf, stepTitle, type RunOptions } from './runner.ts';
export { matchPattern, substitute } from './matcher.ts';
export { formatScenario, formatSummary } from './report.ts';
export { junitXml } from './junit.ts';
export type { Scenario, Step, ScenarioResult, StepResult } from './types.ts';
