/**
 * deploy/kubernetes/ (README "Run 100,000 twins against your CSMS", docs/sharding.md, D18). Every document
 * of every manifest is validated against the Kubernetes OpenAPI schema of its apiVersion and kind by the
 * npm package kubernetes-models (its schemas ship inside the package and its validate() runs ajv offline);
 * a test shows the validator rejects a wrong field type and a missing required field. Beyond the schema,
 * the test checks what the workloads rely on: the shard count in step with completions/parallelism/
 * replicas, the headless Service, probes on /healthz and /readyz, the API token from a Secret, resources
 * sized from the measured cost per twin, Prometheus annotations, and, through the CLI's own shard
 * resolution, that the K pods' environments run every twin of the fleet once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import { intOption, metricsPublicOption, parse } from '../../src/cli/args.ts';
import { shardOption, stationIds } from '../../src/cli/shard-option.ts';
import { MAX_TWINS_PER_PROCESS, shardDataDir, shardIds } from '../../src/fleet/shard.ts';

const dir = new URL('../../deploy/kubernetes/', import.meta.url);
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed YAML, checked field by field
const manifest = (name: string): Obj => loadYaml(readFileSync(new URL(name, dir), 'utf8')) as Obj;

const service = manifest('service.yaml');
const job = manifest('job.yaml');
const statefulSet = manifest('statefulset.yaml');
const workloads: Array<[string, Obj]> = [['job.yaml', job], ['statefulset.yaml', statefulSet]];

/**
 * Validates one parsed manifest document against the schema of its apiVersion and kind, through the model
 * class kubernetes-models publishes at `kubernetes-models/<apiVersion>/<kind>` (core kinds under `v1/`).
 * Throws when no model exists for the kind or the document does not match the schema.
 */
async function validateAgainstSchema(doc: Obj): Promise<void> {
  assert.ok(typeof doc.apiVersion === 'string' && /^[a-z0-9.]+\/?[a-z0-9]*$/.test(doc.apiVersion), `apiVersion ${String(doc.apiVersion)}`);
  assert.ok(typeof doc.kind === 'string' && /^[A-Z][A-Za-z0-9]*$/.test(doc.kind), `kind ${String(doc.kind)}`);
  let Model: new (data: Obj) => { validate(): void };
  try {
    Model = ((await import(`kubernetes-models/${doc.apiVersion}/${doc.kind}`)) as Record<string, typeof Model>)[doc.kind]!;
  } catch {
    throw new Error(`no Kubernetes schema for ${doc.apiVersion} ${doc.kind}`);
  }
  new Model(doc).validate();
}

test('every document of every manifest matches the Kubernetes schema of its apiVersion and kind (kubernetes-models, offline)', async () => {
  let documents = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort()) {
    for (const doc of loadAllYaml(readFileSync(new URL(file, dir), 'utf8')) as Array<Obj | null>) {
      if (doc === null || doc === undefined) continue; // an empty document between `---` separators
      await assert.doesNotReject(validateAgainstSchema(doc), `${file}: ${String(doc.kind)} ${String(doc.metadata?.name)}`);
      documents++;
    }
  }
  assert.ok(documents >= 3, `validated ${documents} documents`);
});

test('the schema validator rejects a wrong field type, a missing required field and an unknown kind', async () => {
  const copy = (m: Obj): Obj => structuredClone(m);
  const twoReplicas = copy(statefulSet);
  twoReplicas.spec.replicas = 'two';
  await assert.rejects(validateAgainstSchema(twoReplicas), /replicas must be integer/);
  const noContainers = copy(job);
  delete noContainers.spec.template.spec.containers;
  await assert.rejects(validateAgainstSchema(noContainers), /containers/);
  const portless = copy(service);
  portless.spec.ports[0].port = '9230';
  await assert.rejects(validateAgainstSchema(portless), /port must be integer/);
  await assert.rejects(validateAgainstSchema({ ...copy(job), kind: 'Jobb' }), /no Kubernetes schema for batch\/v1 Jobb/);
});

/** A Kubernetes memory quantity in MiB (Mi, Gi, M, or bytes). */
function mebibytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)(Mi|Gi|Ki|M|G)?$/.exec(q);
  assert.ok(m, `memory quantity ${q}`);
  const n = Number(m[1]);
  return ({ Ki: n / 1024, Mi: n, Gi: n * 1024, M: (n * 1e6) / 2 ** 20, G: (n * 1e9) / 2 ** 20 } as Record<string, number>)[m[2] ?? ''] ?? n / 2 ** 20;
}

function container(w: Obj): Obj {
  const containers = w.spec.template.spec.containers as Obj[];
  assert.equal(containers.length, 1);
  return containers[0]!;
}
const envOf = (c: Obj): Map<string, Obj> => new Map((c.env as Obj[]).map((e) => [e.name as string, e]));

test('the folder holds exactly the Service, the Indexed Job and the StatefulSet, with their apiVersions and names', () => {
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort(), ['job.yaml', 'service.yaml', 'statefulset.yaml']);
  assert.deepEqual([service.apiVersion, service.kind], ['v1', 'Service']);
  assert.deepEqual([job.apiVersion, job.kind], ['batch/v1', 'Job']);
  assert.deepEqual([statefulSet.apiVersion, statefulSet.kind], ['apps/v1', 'StatefulSet']);
  for (const m of [service, job, statefulSet]) assert.match(m.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 name');
});

test('headless Service: clusterIP None, selects the pods of both workloads, port 9230 to the containers\' named port', () => {
  assert.equal(service.spec.clusterIP, 'None');
  const [port] = service.spec.ports as Obj[];
  assert.equal(port!.port, 9230);
  for (const [name, w] of workloads) {
    const labels = w.spec.template.metadata.labels as Record<string, string>;
    for (const [k, v] of Object.entries(service.spec.selector as Record<string, string>)) assert.equal(labels[k], v, `${name} pods carry the Service's selector ${k}`);
    assert.ok((container(w).ports as Obj[]).some((p) => p.name === port!.targetPort && p.containerPort === 9230), `${name} names port 9230 ${port!.targetPort}`);
  }
  assert.equal(statefulSet.spec.serviceName, service.metadata.name, 'the StatefulSet is governed by the headless Service');
  assert.equal(job.spec.template.spec.subdomain, service.metadata.name, 'the Job\'s pods get DNS names under the headless Service');
  assert.deepEqual(statefulSet.spec.selector.matchLabels, statefulSet.spec.template.metadata.labels);
});

test('Indexed Job: completionMode Indexed, completions = parallelism = CHARGETWIN_SHARDS, restarts in place', () => {
  const shards = Number(envOf(container(job)).get('CHARGETWIN_SHARDS')?.value);
  assert.equal(job.spec.completionMode, 'Indexed');
  assert.equal(job.spec.completions, shards);
  assert.equal(job.spec.parallelism, shards);
  assert.ok(['OnFailure', 'Never'].includes(job.spec.template.spec.restartPolicy), 'a Job\'s pods may not restart Always');
});

test('StatefulSet: replicas = CHARGETWIN_SHARDS, shards start in parallel, a volume per shard', () => {
  const shards = Number(envOf(container(statefulSet)).get('CHARGETWIN_SHARDS')?.value);
  assert.equal(statefulSet.spec.replicas, shards);
  assert.equal(statefulSet.spec.podManagementPolicy, 'Parallel');
  const [claim] = statefulSet.spec.volumeClaimTemplates as Obj[];
  assert.ok((container(statefulSet).volumeMounts as Obj[]).some((m) => m.name === claim!.metadata.name && m.mountPath === '/data'));
});

for (const [name, w] of workloads) {
  const c = container(w);
  const env = envOf(c);
  const shards = Number(env.get('CHARGETWIN_SHARDS')?.value);
  const { values } = parse((c.args as string[]).slice(1), { csms: { type: 'string' }, id: { type: 'string' }, count: { type: 'string' }, 'data-dir': { type: 'string' } });
  const count = intOption(values, 'count', 1, 1, 1_000_000);

  test(`${name}: the image of this version runs \`station\`; the API token comes from a Secret, never a literal`, () => {
    assert.equal(c.image, `chargetwin:${version}`);
    assert.equal((c.args as string[])[0], 'station');
    assert.equal(env.get('CHARGETWIN_API_HOST')?.value, '0.0.0.0');
    const token = env.get('CHARGETWIN_API_TOKEN')!;
    assert.equal(token.value, undefined);
    assert.ok(token.valueFrom?.secretKeyRef?.name && token.valueFrom.secretKeyRef.key, 'CHARGETWIN_API_TOKEN from a Secret');
    const key = env.get('CHARGETWIN_AUTH_KEY');
    assert.ok(key === undefined || (key.value === undefined && key.valueFrom?.secretKeyRef), 'the AuthorizationKey, if any, from a Secret');
  });

  test(`${name}: the ${shards} pods' environments (as Kubernetes sets them) run every twin of the fleet once, at most ${MAX_TWINS_PER_PROCESS} per pod, each in its own folder`, () => {
    const union: string[] = [];
    const folders = new Set<string>();
    for (let i = 0; i < shards; i++) {
      const podEnv = name === 'job.yaml'
        ? { CHARGETWIN_SHARDS: String(shards), JOB_COMPLETION_INDEX: String(i), HOSTNAME: `${w.metadata.name}-${i}-x7k2q` }
        : { CHARGETWIN_SHARDS: String(shards), HOSTNAME: `${w.metadata.name}-${i}` };
      const choice = shardOption({}, podEnv);
      assert.deepEqual(choice?.shard, { index: i, count: shards });
      const ids = stationIds(values.id as string, count, choice);
      assert.ok(ids.length <= MAX_TWINS_PER_PROCESS);
      union.push(...ids);
      folders.add(shardDataDir(values['data-dir'] as string, choice!.shard));
    }
    assert.deepEqual(union, shardIds(values.id as string, count));
    assert.equal(count, 100_000, 'the README\'s 100,000 twins');
    assert.equal(folders.size, shards);
  });

  test(`${name}: liveness on /healthz and readiness on /readyz at port 9230; resources from the cost per twin; Prometheus annotations`, () => {
    const apiPort = (p: string | number): number => (typeof p === 'number' ? p : (c.ports as Obj[]).find((x) => x.name === p)!.containerPort);
    assert.deepEqual([c.livenessProbe.httpGet.path, apiPort(c.livenessProbe.httpGet.port)], ['/healthz', 9230]);
    assert.deepEqual([c.readinessProbe.httpGet.path, apiPort(c.readinessProbe.httpGet.port)], ['/readyz', 9230]);
    const perPod = Math.ceil(count / shards);
    const { requests, limits } = c.resources as { requests: Record<string, string>; limits: Record<string, string> };
    assert.ok(requests.cpu && limits.cpu, 'cpu request and limit');
    // README: about 100 MiB per process plus about 15 KiB per booted twin.
    const needed = 100 + (perPod * 15) / 1024;
    assert.ok(mebibytes(requests.memory!) >= needed, `memory request ${requests.memory} covers ${needed.toFixed(0)} MiB`);
    assert.ok(mebibytes(limits.memory!) >= 1.5 * needed, `memory limit ${limits.memory} leaves room for the frame logs`);
    assert.deepEqual(w.spec.template.metadata.annotations, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9230', 'prometheus.io/path': '/metrics' });
    // An annotation-found scrape carries no credentials: the pods serve /metrics without the token (D36),
    // read as the process reads it.
    assert.equal(metricsPublicOption({}, { CHARGETWIN_METRICS_PUBLIC: env.get('CHARGETWIN_METRICS_PUBLIC')?.value }), true, 'CHARGETWIN_METRICS_PUBLIC makes /metrics public');
  });
}
