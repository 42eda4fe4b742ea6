/** Help texts of the `chargetwin` command, one per subcommand. */
export const USAGE: Record<string, string> = {
  main: `chargetwin — a twin of the Schneider Electric EVlink Pro AC over OCPP 1.6-J

Usage: chargetwin <command> [options]

Commands:
  demo      embedded central system + one EVlink Pro AC twin, with a live log (default of npm start)
  station   run EVlink twins against any central system
  csms      run the embedded central system alone
  ctl       drive running twins through the control API
  run       run scripted scenarios (YAML/JSON) against a central system, with verdicts for CI

Run 'chargetwin <command> --help' for the options of a command.
Options: --help, --version`,
  demo: `Usage: chargetwin demo [options]

Starts the embedded central system on 127.0.0.1 and one EVlink Pro AC twin connected to it, and prints
every OCPP frame they exchange. Also serves the control API and dashboard, and HTTP and FTP file servers
(on free ports) that host a sample firmware image and accept diagnostics uploads; it prints the ctl
commands that run a firmware update or a diagnostics upload against them.

Options:
  --port <n>        central system port (default 9220; 0 picks a free one)
  --id <id>         charge point id (default EVB-0001)
  --model <ref>     product reference from the guide's Product Family (default EVB3S22N4)
  --connectors <n>  connectors of the twin, 1 or 2 (NumberOfConnectors; default: the model's)
  --config <key=value>  factory preset of a read-write configuration key of the guide, checked
                    against its type and range (repeatable), e.g. --config LedIntensity=40
  --history <mode>  what the dashboard's charts keep: all (default), viewed or off (see station)
  --api-port <n>    control API and dashboard port (default 9230; 0 picks a free one)
  --api-host <addr>  control API address (default $CHARGETWIN_API_HOST, else 127.0.0.1);
                    not loopback needs a token
  --api-token <t>   bearer token the control API requires (better: CHARGETWIN_API_TOKEN)
  --metrics-public  /metrics answers without the token (also CHARGETWIN_METRICS_PUBLIC=1); it holds
                    fleet totals only, no station ids
  --no-color        plain log lines
  --json            one JSON object per frame instead of text
  --help`,
  station: `Usage: chargetwin station --csms <url> --id <id> [options]
       chargetwin station --fleet <file> [--csms <url>] [options]

Runs EVlink Pro AC twins against a central system. The endpoint is <url>/<id>, subprotocol ocpp1.6.

Options:
  --csms <url>          central system URL, ws:// or wss:// (required unless the fleet file names
                        one); repeatable: twins are spread over them by station index, evenly or
                        by weight written after a comma: --csms ws://a/ocpp,weight=3
  --csms-spread <how>   round-robin or weight (default: weight when a weight is given)
  --id <id>             charge point id (required); with --count, a prefix: <id>-0001, <id>-0002, ...
                        (4 digits, more when n needs them: <id>-000001 ... for 100000)
  --count <n>           number of twins (default 1; at most 19000 per process)
  --shard <i>/<k>       run only shard i (0-based) of k of the --count twins, a contiguous slice
                        (docs/sharding.md); or CHARGETWIN_SHARD=i/k, or CHARGETWIN_SHARDS=k with
                        JOB_COMPLETION_INDEX or a StatefulSet pod name <name>-<i>
  --processes <p>       run the fleet as p shard processes on this host (auto: one per core), behind
                        one control API on --api-port that fans out to them (docs/sharding.md)
  --model <ref>         product reference (default EVB3S22N4)
  --connectors <n>      connectors of each twin, 1 or 2 (NumberOfConnectors; default: the model's)
  --config <key=value>  factory preset of a read-write configuration key of the guide, checked
                        against its type and range (repeatable), e.g. --config LedIntensity=40
  --fleet <file>        groups of twins from a JSON or YAML fleet file, each with its own id pattern,
                        count, model, connectors, presets and central system (docs/fleet.md); instead
                        of --id, --count, --model, --connectors and --config
  --auth-key-file <f>   file holding the AuthorizationKey for HTTP Basic auth (security profiles 1-2);
                        or set CHARGETWIN_AUTH_KEY (both preferred: other local users can see
                        --auth-key <key> in the process list)
  --auth-key <key>      the AuthorizationKey on the command line
  --ca <file>           PEM CA bundle to verify a wss:// central system (security profile 2)
  --allow-plain-auth    allow sending the AuthorizationKey over plain ws://
  --data-dir <dir>      where durable state lives (default: per-user data folder); one process per
                        station id in it (a second one exits 1 naming the process that runs it);
                        {shard} in it becomes the shard index
  --api-port <n>        control API port (default 9230; 0 picks a free one)
  --api-host <addr>     control API address (default $CHARGETWIN_API_HOST, else 127.0.0.1);
                        not loopback needs a token
  --api-token <t>       bearer token the control API requires (better: CHARGETWIN_API_TOKEN)
  --metrics-public      /metrics answers without the token, for Prometheus scrapes found by pod
                        annotations (also CHARGETWIN_METRICS_PUBLIC=1); it holds fleet totals only
  --json                log frames as JSON lines
  --verbose             with --count, a line per station's BootNotification answer (default: a
                        progress line while booting, then one summary)
  --sessions <file>     run the session generator on every twin, with the settings of this JSON or
                        YAML file (docs/session-generator.md); remote starts/stops are done locally
  --history <mode>      which twins keep their connectors' recent readings for the dashboard's charts:
                        all (from each connector's first transaction), viewed (only twins whose charts
                        someone opened, from then on, 20 at most) or off; default all for a fleet of
                        up to 1000 twins, viewed above (docs/fleet.md, "Chart history")
  --frame-log <mode>    how many OCPP frames each twin keeps (dashboard, ctl frames, diagnostics
                        files): all (500 for one twin, 50 each with --count), viewed (the last 4,
                        and the full 50 for twins whose frames someone asked for, 20 at most) or
                        off; default all for a fleet of up to 1000 twins, viewed above
                        (docs/fleet.md, "Frame log")
  --help`,
  csms: `Usage: chargetwin csms [options]

Runs the embedded central system alone: stations connect to ws://<host>:<port>/ocpp/<id>.

Options:
  --port <n>          port (default 9220)
  --host <addr>       address to bind (default 127.0.0.1)
  --tag <tag>         an idTag to accept (repeatable; default TAG-0001 and TAG-0002)
  --heartbeat <s>     heartbeat interval given in BootNotification.conf (default 60)
  --json              log frames as JSON lines
  --help`,
  run: `Usage: chargetwin run <scenario file or folder>... (--csms <url> | --embedded-csms) [options]

Runs scripted scenarios (docs/scenarios.md; schema in src/scenario/schema.json): one EVlink Pro AC twin
per scenario connects to <url>/<id>, the steps drive it and check its OCPP frames. Prints a report;
exits 0 when every scenario passed, 1 when one failed, 2 on a usage error or an invalid scenario file.

Options:
  --csms <url>          central system URL, ws:// or wss://
  --embedded-csms       start the embedded central system on a free loopback port (runs 'csms' steps)
  --id <id>             charge point id for every scenario (default: the file's station.id, else CT-<file name>)
  --junit <file>        write JUnit XML (a testsuite per scenario, a testcase per step)
  --trace-dir <dir>     write a JSON-lines wire trace per scenario (<dir>/<file name>.jsonl)
  --parallel <n>        scenarios run at once (default 1)
  --scale <x>           station clock speed for every scenario (default: the file's clock.scale, else 1)
  --var <name=value>    set a variable (repeatable; JSON values such as 5 or true, else text)
  --help`,
};
