import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, REDACTED } from './secret-redaction.ts';

const change = (key: string, value: string): string => JSON.stringify([2, 'id-1', 'ChangeConfiguration', { key, value }]);

test('redactSecrets: the AuthorizationKey value of a ChangeConfiguration CALL is replaced; id, action and key stay', () => {
  assert.deepEqual(JSON.parse(redactSecrets(change('AuthorizationKey', 's3cret-0123456789'))), [2, 'id-1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: REDACTED }]);
  assert.ok(!redactSecrets(change('authorizationkey', 's3cret-0123456789')).includes('s3cret'), 'key names compare without case');
});

test('redactSecrets: a key name hidden behind JSON \\u escapes, and a truncated frame naming the key, are redacted too', () => {
  const escaped = '[2,"id-2","ChangeConfiguration",{"key":"Authorization\\u004bey","value":"s3cret-escaped"}]';
  assert.equal(JSON.parse(escaped)[3].key, 'AuthorizationKey');
  assert.ok(!redactSecrets(escaped).includes('s3cret'));
  const truncated = '[2,"id-3","ChangeConfiguration",{"key":"AuthorizationKey","value":"s3cret-trunc';
  assert.ok(!redactSecrets(truncated).includes('s3cret'), redactSecrets(truncated));
  assert.ok(!redactSecrets('[2,"id-4","ChangeConfiguration",{"key":"AuthorizationKey", "value" : "s3cret\\"quoted"').includes('s3cret'));
});

test('redactSecrets: every other frame is returned as the very same string', () => {
  const others = [
    change('HeartbeatInterval', '60'),
    JSON.stringify([2, 'id-5', 'DataTransfer', { vendorId: 'x', data: 'AuthorizationKey' }]),
    JSON.stringify([3, 'id-1', { status: 'Accepted' }]),
    JSON.stringify([2, 'id-6', 'GetConfiguration', { key: ['AuthorizationKey'] }]),
    'not json at all',
    '',
  ];
  for (const t of others) assert.equal(redactSecrets(t), t);
});
