import { describe, expect, it } from 'vitest';
import express from 'express';
import { PassThrough } from 'node:stream';
import { DuplicateError } from '../store/port.js';
import { RunError } from '../runtime/errors.js';
import { StepRejected } from '../nodes/types.js';
import { Conflict, InputError, NotFound, toHttpError } from './errors.js';

describe('one error hierarchy', () => {
  it('answers each reason a run cannot go on with its own status', () => {
    const status = (reason: RunError['reason']) => toHttpError(new RunError(reason, 'x'))?.status;
    expect([status('not-found'), status('expired'), status('wrong-browser'), status('conflict'), status('finished'), status('flow-unavailable'), status('requirement-unmet')]).toEqual([
      404, 410, 403, 409, 409, 503, 403,
    ]);
  });

  it("maps the inner layers' errors without them knowing HTTP", () => {
    expect(toHttpError(new DuplicateError('user', 'email'))).toMatchObject({ status: 409, error: 'conflict', message: 'user with this email already exists' });
    expect(toHttpError(new DuplicateError('user', 'email'))?.messageIn('id')).toBe('user dengan email ini sudah ada');
    const rejected = toHttpError(new StepRejected({ en: 'This answer does not belong here.', id: 'Jawaban ini bukan milik langkah ini.' }));
    expect(rejected).toMatchObject({ status: 400, error: 'invalid_callback', message: 'This answer does not belong here.' });
    expect(rejected?.messageIn('id')).toBe('Jawaban ini bukan milik langkah ini.');
    expect(toHttpError(new InputError({ current_password: { key: 'account.password.wrong' } }))).toMatchObject({
      status: 422,
      error: 'invalid_input',
      message: 'current_password: account.password.wrong',
    });
    expect(toHttpError(new NotFound('No such app.'))).toBeInstanceOf(NotFound);
    expect(new Conflict('taken').status).toBe(409);
  });

  it("keeps a library's exposed 4xx (a malformed JSON body) and treats anything else as a server fault", async () => {
    const parse = express.json();
    const err = await new Promise<unknown>((resolve) => {
      const req = Object.assign(new PassThrough(), {
        headers: { 'content-type': 'application/json', 'content-length': '5' },
        method: 'POST',
        url: '/',
      });
      parse(req as never, {} as never, resolve);
      req.end('{oops');
    });
    expect(toHttpError(err)).toMatchObject({ status: 400, error: 'entity.parse.failed' });
    expect(toHttpError(new Error('database down'))).toBeNull();
    expect(toHttpError(Object.assign(new Error('looks like a 400'), { status: 400 }))).toBeNull();
  });
});
