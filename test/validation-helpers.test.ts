import { describe, expect, it } from 'vitest';
import { cronScheduleError, scheduleHasTimeZone, timeZoneErrors } from '../src/k8s/cron.js';
import {
  dns1035LabelErrors,
  dns1123SubdomainErrors,
  labelValueErrors,
  maskTrailingDash,
  qualifiedNameErrors,
  relaxedEnvVarNameErrors,
  strictEnvVarNameErrors,
} from '../src/k8s/names.js';

// Expected verdicts follow apimachinery's pkg/util/validation tests and robfig/cron v3's parser.
describe('apimachinery name validators', () => {
  it.each([
    ['example.com', true],
    ['1st.config', true],
    ['a'.repeat(253), true],
    ['a'.repeat(254), false],
    ['Example.com', false],
    ['a..b', false],
    ['-a', false],
  ])('IsDNS1123Subdomain(%j) valid=%s', (v, ok) => expect(dns1123SubdomainErrors(v).length === 0).toBe(ok));

  it.each([
    ['my-name', true],
    ['abc-123', true],
    ['1st', false],
    ['a.b', false],
    ['a'.repeat(64), false],
  ])('IsDNS1035Label(%j) valid=%s', (v, ok) => expect(dns1035LabelErrors(v).length === 0).toBe(ok));

  it.each([
    ['MyName', true],
    ['my.name', true],
    ['example.com/MyName', true],
    ['a/b/c', false],
    ['/name', false],
    ['example.com/', false],
    ['Example.com/x', false],
    ['-a', false],
    [`${'a'.repeat(63)}`, true],
    [`${'a'.repeat(64)}`, false],
  ])('IsQualifiedName(%j) valid=%s', (v, ok) => expect(qualifiedNameErrors(v).length === 0).toBe(ok));

  it('quotes apimachinery messages', () => {
    expect(qualifiedNameErrors('/x')).toEqual(['prefix part must be non-empty']);
    expect(labelValueErrors('a b')[0]).toBe(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  });

  it('masks a trailing dash for generateName like maskTrailingDash', () => {
    expect(maskTrailingDash('web-')).toBe('wea');
    expect(maskTrailingDash('-')).toBe('-');
    expect(maskTrailingDash('web')).toBe('web');
  });

  it.each([
    ['LOG_LEVEL', true, true],
    ['1ST', true, false],
    ['my var', true, false],
    ['..x', true, false],
    ['A=B', false, false],
    ['Ä', false, false],
    ['', false, false],
  ])('env var %j: relaxed=%s strict=%s', (v, relaxed, strict) => {
    expect(relaxedEnvVarNameErrors(v).length === 0).toBe(relaxed);
    expect(strictEnvVarNameErrors(v).length === 0).toBe(strict);
  });
});

describe('CronJob schedules (robfig/cron ParseStandard)', () => {
  it.each([
    '* * * * *',
    '0 3 * * *',
    '*/15 9-17/2 1,15 JAN-jun mon-FRI',
    '5/20 ? * * 0',
    '0 0 1 1 *',
    '@yearly',
    '@annually',
    '@monthly',
    '@weekly',
    '@daily',
    '@midnight',
    '@hourly',
    '@every 90s',
    '@every 1h30m',
    '*-5 * * * *',
    '1,,2 * * * *',
  ])('accepts %j', (s) => expect(cronScheduleError(s)).toBeUndefined());

  it.each([
    ['', 'empty spec string'],
    ['0 0 3 * * *', 'expected exactly 5 fields, found 6: [0 0 3 * * *]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 * 13 *', 'end of range (13) above maximum (12): 13'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['0 22-2 * * *', 'beginning of range (22) beyond end of range (2): 22-2'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['0 0 * * monday', 'failed to parse int from monday: strconv.Atoi: parsing "monday": invalid syntax'],
    ['@every-day', 'unrecognized descriptor: @every-day'],
    ['@every 5 minutes', 'failed to parse duration @every 5 minutes: time: invalid duration "5 minutes"'],
  ])('rejects %j: %s', (s, msg) => expect(cronScheduleError(s)).toBe(msg));

  it('forbids TZ in the schedule', () => {
    expect(scheduleHasTimeZone('CRON_TZ=UTC 0 3 * * *')).toBe(true);
    expect(scheduleHasTimeZone('TZ=UTC 0 3 * * *')).toBe(true);
    expect(scheduleHasTimeZone('0 3 * * *')).toBe(false);
  });
});

describe('CronJob time zones (validateTimeZone)', () => {
  it.each(['UTC', 'Etc/UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Pacific', 'Etc/GMT+5'])(
    'accepts %s',
    (tz) => expect(timeZoneErrors(tz)).toEqual([]),
  );
  it.each([
    ['', 'timeZone must be nil or non-empty string'],
    ['Local', 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'],
    ['Europe/Frankfurt', 'unknown time zone Europe/Frankfurt'],
    ['america/new_york', 'unknown time zone america/new_york'],
    ['UTC+02:00', 'unknown time zone UTC+02:00'],
    ['Europe/../Berlin', 'unknown time zone Europe/../Berlin'],
    ['America/Argentina_Buenos_Aires_Long', 'unknown time zone America/Argentina_Buenos_Aires_Long'],
  ])('rejects %j', (tz, msg) => expect(timeZoneErrors(tz)).toEqual([msg]));
});
