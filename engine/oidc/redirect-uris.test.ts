import { describe, expect, it } from 'vitest';
import { nativeRedirectUriProblem, redirectUriProblem, webRedirectUriProblem } from './redirect-uris.js';

describe('redirect URIs an app may register', () => {
  it('native apps: reverse-domain private-use schemes, loopback IP literals on any port, claimed https links', () => {
    for (const ok of [
      'com.example.shop:/callback',
      'com.example.shop://callback',
      'id.co.tokokita.app:/oauth2redirect/gerbang',
      'http://127.0.0.1/callback',
      'http://127.0.0.1:51734/callback',
      'http://[::1]:8080/callback',
      'https://shop.example.com/app/callback',
    ]) {
      expect(nativeRedirectUriProblem(ok), ok).toBeNull();
    }
  });

  it('native apps: refuses what RFC 8252 does not allow, saying why', () => {
    expect(nativeRedirectUriProblem('myapp:/callback')?.en).toMatch(/reverse order/);
    expect(nativeRedirectUriProblem('com.:/callback')?.en).toMatch(/reverse order/);
    expect(nativeRedirectUriProblem('.com.example:/callback')?.en).toMatch(/not an absolute URI|reverse order/);
    expect(nativeRedirectUriProblem('http://localhost:3000/callback')?.en).toMatch(/never|loopback IP literal/);
    expect(nativeRedirectUriProblem('http://10.0.0.2/callback')?.en).toMatch(/https, or http on the loopback IP/);
    expect(nativeRedirectUriProblem('https://localhost/callback')?.en).toMatch(/loopback address/);
    expect(nativeRedirectUriProblem('javascript:alert(1)')?.en).toMatch(/javascript scheme/);
    expect(nativeRedirectUriProblem('data:text/html,hi')?.en).toMatch(/data scheme/);
    expect(nativeRedirectUriProblem('file:///etc/passwd')?.en).toMatch(/file scheme/);
    expect(nativeRedirectUriProblem('com.example.shop:/cb#x')?.en).toMatch(/fragment/);
    expect(nativeRedirectUriProblem('http://user:pw@127.0.0.1/cb')?.en).toMatch(/credentials/);
    expect(nativeRedirectUriProblem('http://127.0.0.1:*/cb')?.en).toMatch(/wildcard/);
  });

  it('web apps keep https, or http on localhost only; device and machine apps have none', () => {
    expect(webRedirectUriProblem('https://shop.example.com/cb')).toBeNull();
    expect(webRedirectUriProblem('http://localhost:8080/callback')).toBeNull();
    expect(webRedirectUriProblem('http://shop.example.com/cb')?.en).toMatch(/must use https/);
    expect(webRedirectUriProblem('com.example.shop:/callback')?.en).toMatch(/must use https/);
    expect(redirectUriProblem('https://x.example.com/cb', 'device')?.en).toMatch(/device apps have no redirect URIs/);
    expect(redirectUriProblem('https://x.example.com/cb', 'machine')?.en).toMatch(/machine apps have no redirect URIs/);
  });
});
