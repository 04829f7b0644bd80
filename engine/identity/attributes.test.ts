import { describe, expect, it } from 'vitest';
import { checkAttribute } from './attributes.js';

describe('profile attribute checks', () => {
  it('normalises phone numbers and refuses text that is not one', () => {
    expect(checkAttribute({ name: 'phone_number', label: 'Phone', type: 'tel' }, '+62 812-3456-7890')).toEqual({ ok: true, value: '+6281234567890' });
    expect(checkAttribute({ name: 'phone_number', label: 'Phone', type: 'tel' }, 'call me')).toEqual({ ok: false, key: 'field.tel' });
  });

  it('accepts real calendar dates only', () => {
    const f = { name: 'birthdate', label: 'Birthday', type: 'date' as const };
    expect(checkAttribute(f, '1990-02-28')).toEqual({ ok: true, value: '1990-02-28' });
    expect(checkAttribute(f, '1990-02-30')).toEqual({ ok: false, key: 'field.date' });
  });

  it('requires required fields and lets optional ones stay empty', () => {
    expect(checkAttribute({ name: 'a', label: 'A', type: 'text', required: true }, '  ')).toEqual({ ok: false, key: 'field.required' });
    expect(checkAttribute({ name: 'a', label: 'A', type: 'text' }, '')).toEqual({ ok: true, value: undefined });
  });

  it('checks numbers against their bounds and choices against the list', () => {
    expect(checkAttribute({ name: 'n', label: 'N', type: 'number', min: 18 }, '17')).toEqual({ ok: false, key: 'field.min', vars: { n: 18 } });
    expect(checkAttribute({ name: 'n', label: 'N', type: 'number' }, '42')).toEqual({ ok: true, value: 42 });
    const select = { name: 's', label: 'S', type: 'select' as const, options: [{ value: 'ID', label: 'Indonesia' }] };
    expect(checkAttribute(select, 'ID')).toEqual({ ok: true, value: 'ID' });
    expect(checkAttribute(select, 'XX')).toEqual({ ok: false, key: 'field.choice' });
  });

  it('refuses web addresses that are not http(s)', () => {
    expect(checkAttribute({ name: 'u', label: 'U', type: 'url' }, 'javascript:alert(1)')).toEqual({ ok: false, key: 'field.url' });
  });
});
