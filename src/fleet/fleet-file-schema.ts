/**
 * The JSON Schema of a fleet file (docs/fleet.md). The loader checks files against this object; the same
 * schema is published as docs/fleet-file.schema.json for editors (a test keeps the two equal).
 */
const csmsTarget = {
  description: 'a ws:// or wss:// URL, or a URL with a weight',
  oneOf: [
    { type: 'string', minLength: 1, pattern: '^wss?://' },
    {
      type: 'object', additionalProperties: false, required: ['url'],
      properties: { url: { type: 'string', minLength: 1, pattern: '^wss?://' }, weight: { type: 'integer', minimum: 1, maximum: 1000, default: 1 } },
    },
  ],
};
const csmsList = {
  description: 'the central system(s): one URL, or a list of URLs or { url, weight }',
  oneOf: [csmsTarget.oneOf[0], { type: 'array', minItems: 1, maxItems: 100, items: csmsTarget }],
};
const spread = { enum: ['round-robin', 'weight'], description: 'how stations are spread over several central systems (default: weight when a weight is given, else round-robin)' };

export const FLEET_FILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ChargeTwin fleet file',
  description: 'Groups of EVlink Pro AC twins, each with its own model, count, id pattern, configuration presets, central system(s) and session settings.',
  type: 'object',
  additionalProperties: false,
  required: ['stations'],
  properties: {
    $schema: { type: 'string' },
    csms: csmsList,
    spread,
    stations: {
      type: 'array', minItems: 1, maxItems: 1000,
      description: 'the groups, started in this order',
      items: {
        type: 'object', additionalProperties: false, required: ['idPattern'],
        properties: {
          idPattern: { type: 'string', minLength: 1, maxLength: 64, description: 'charge point ids: {n} is the station number, {n:04} zero-padded to 4 digits' },
          count: { type: 'integer', minimum: 1, maximum: 19000, default: 1 },
          start: { type: 'integer', minimum: 0, maximum: 1000000000, default: 1, description: 'the first {n}' },
          model: { type: 'string', minLength: 1, description: 'product reference from the guide\'s Product Family, e.g. EVB3S22N4' },
          connectors: { enum: [1, 2], description: 'NumberOfConnectors (default: the model\'s)' },
          config: {
            type: 'object', description: 'factory presets: configuration key → value (read-write keys of the guide, in their range)',
            additionalProperties: { type: ['string', 'number', 'boolean'] },
          },
          csms: csmsList,
          spread,
          authorizationKey: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[\\x21-\\x7e]+$', description: 'AuthorizationKey for HTTP Basic auth (security profiles 1-2)' },
          sessions: { type: 'object', description: 'the session generator settings of the twins of this group (docs/session-generator.md), checked when the file is read' },
          history: { enum: ['all', 'viewed', 'off'], description: 'which readings the dashboard\'s charts keep for the twins of this group: all, viewed (only once someone opens their charts, a bounded number of twins) or off (default: the command\'s --history, else all up to 1000 twins in the fleet and viewed above)' },
          frameLog: { enum: ['all', 'viewed', 'off'], description: 'how much of its frame log each twin of this group keeps: all (the full log), viewed (its last 4 frames until someone asks for its frames, then the full log, a bounded number of twins) or off (default: the command\'s --frame-log, else all up to 1000 twins in the fleet and viewed above)' },
        },
      },
    },
  },
} as const;
