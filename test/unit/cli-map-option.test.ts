import { describe, expect, it } from 'vitest';
import { parseMapOption } from '../../electron/cli/map-option.js';
import { pinlistErrorThrownBy } from '../helpers/pinlist-error.js';

describe('parseMapOption', () => {
  it('reads COLUMN=KIND', () => {
    expect(parseMapOption('Email Address=email')).toEqual({ column: 'Email Address', kind: 'email' });
    expect(parseMapOption('3=gaid')).toEqual({ column: '3', kind: 'gaid' });
    expect(parseMapOption(' Device ID = IDFA ')).toEqual({ column: 'Device ID', kind: 'idfa' });
    expect(parseMapOption('notes=ignore')).toEqual({ column: 'notes', kind: 'ignore' });
  });

  it('splits on the last =, so names may contain =', () => {
    expect(parseMapOption('a=b=email')).toEqual({ column: 'a=b', kind: 'email' });
  });

  it('strips quotes around the column name', () => {
    expect(parseMapOption('"Email Address"=email')).toEqual({ column: 'Email Address', kind: 'email' });
  });

  it.each([
    ['Email', 'there is no "="'],
    ['=email', 'the column is missing'],
    ['Email=phone', 'Unknown kind "phone"'],
    ['Email=', 'Unknown kind ""'],
    ['0=email', 'Column numbers start at 1'],
  ])('%j throws BAD_MAPPING (%s)', (text, fragment) => {
    const error = pinlistErrorThrownBy(() => parseMapOption(text));
    expect(error.code).toBe('BAD_MAPPING');
    expect(error.message).toContain(fragment);
  });

  it('lists the valid kinds and shows an example', () => {
    const error = pinlistErrorThrownBy(() => parseMapOption('Email=mail'));
    expect(error.message).toContain('email, gaid, idfa, ignore');
    expect(error.message).toContain('--map "Email=email"');
    const noEq = pinlistErrorThrownBy(() => parseMapOption('Email'));
    expect(noEq.message).toContain('COLUMN=KIND');
  });
});

