import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StationEvents } from './station-events.ts';

test('station events: listeners hear in subscription order; unsubscribing (even during an emit) stops delivery', () => {
  const events = new StationEvents();
  const heard: string[] = [];
  const offA = events.on('changed', ({ what }) => heard.push(`a:${what}`));
  events.on('changed', ({ what }) => { heard.push(`b:${what}`); offA(); });
  events.emit('changed', { what: 'x' });
  events.emit('changed', { what: 'y' });
  assert.deepEqual(heard, ['a:x', 'b:x', 'b:y']);
  events.emit('accepted', {});
});

test('station events: a listener added during an emit is heard from the next emit on', () => {
  const events = new StationEvents();
  const heard: string[] = [];
  events.on('accepted', () => { heard.push('first'); events.on('accepted', () => heard.push('late')); });
  events.emit('accepted', {});
  assert.deepEqual(heard, ['first']);
  events.emit('accepted', {});
  assert.deepEqual(heard, ['first', 'first', 'late']);
});

test('station events: the same listener added twice is heard twice; an unsubscribe removes one subscription', () => {
  const events = new StationEvents();
  let heard = 0;
  const fn = (): void => { heard++; };
  const off1 = events.on('accepted', fn);
  events.on('accepted', fn);
  events.emit('accepted', {});
  assert.equal(heard, 2);
  off1();
  events.emit('accepted', {});
  assert.equal(heard, 3);
  assert.equal(events.listens('accepted'), true);
});
