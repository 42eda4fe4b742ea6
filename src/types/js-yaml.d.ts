// The part of js-yaml 4 ChargeTwin uses (scenario files, session-generator and fleet files, the Kubernetes manifests; the package ships no types and @types/js-yaml is not installed).
declare module 'js-yaml' {
  export interface LoadOptions { filename?: string; json?: boolean; schema?: unknown }
  export function load(text: string, options?: LoadOptions): unknown;
  export function loadAll(text: string, iterator?: null, options?: LoadOptions): unknown[];
  export const CORE_SCHEMA: unknown;
  export class YAMLException extends Error {
    reason: string;
    mark?: { line: number; column: number };
  }
}
