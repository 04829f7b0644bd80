import { describe, expect, it } from 'vitest';
import type { User } from '../store/port.js';
import { claimsFor } from './claims.js';

const user = (attributes: Record<string, unknown>): User => ({
  id: 'u1',
  email: 'sari@example.com',
  emailVerified: true,
  attributes,
  roles: [],
  failedLogins: 0,
  lockedUntil: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

describe('claims released to apps', () => {
  it('never releases a link that is not http(s), even one already in a stored profile', () => {
    const claims = claimsFor(
      user({ given_name: 'Sari', picture: 'javascript:alert(document.domain)', profile: 'data:text/html,<script>alert(1)</script>', website: 'https://sari.example.com/' }),
    );
    expect(claims).toMatchObject({ given_name: 'Sari', website: 'https://sari.example.com/' });
    expect(claims).not.toHaveProperty('picture');
    expect(claims).not.toHaveProperty('profile');
  });
});
