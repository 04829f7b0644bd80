import { describe, expect, it } from 'vitest';
import type { User } from '../store/port.js';
import { claimsFor } from './claims.js';
import { effectiveSchema } from '../identity/schema.js';

const user = (attributes: Record<string, unknown>): User => ({
  id: 'u1',
  email: 'sari@example.com',
  emailVerified: true,
  attributes,
  roles: [],
  failedLogins: 0,
  lockedUntil: null,
  language: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('claims released to apps', () => {
  it('never releases a link that is not http(s), even one already in a stored profile', () => {
    const claims = claimsFor(
      user({ given_name: 'Sari', picture: 'javascript:alert(document.domain)', profile: 'data:text/html,<script>alert(1)</script>', website: 'https://sari.example.com/' }),
      effectiveSchema([]),
    );
    expect(claims).toMatchObject({ given_name: 'Sari', website: 'https://sari.example.com/' });
    expect(claims).not.toHaveProperty('picture');
    expect(claims).not.toHaveProperty('profile');
  });

  it('releases each schema attribute under the claim it maps to, and nothing the schema does not map', () => {
    const schema = effectiveSchema([
      { key: 'loyalty_number', type: 'text', label: { en: 'Loyalty number' }, required: false, editable: true, claim: 'member_no', scope: 'loyalty', rules: {}, revision: 1, updatedAt: new Date(0) },
    ]);
    const claims = claimsFor(user({ given_name: 'Sari', family_name: 'Dewi', loyalty_number: '123', internal_note: 'vip' }), schema);
    expect(claims).toMatchObject({ given_name: 'Sari', name: 'Sari Dewi', member_no: '123' });
    expect(claims).not.toHaveProperty('loyalty_number');
    expect(claims).not.toHaveProperty('internal_note');
  });
});
