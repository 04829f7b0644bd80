import type { RJSFSchema, RJSFValidationError } from '@rjsf/utils';

/**
 * A setting drawn by a custom field (`x-field`), or inside one, hides its schema's shapes (`anyOf`), so the problems
 * about the shapes themselves mean nothing to the person: a heading too long is "at most 200
 * characters", not also "must be a group of settings" (the shape not chosen) and "is not valid" (no
 * shape matched). Those are left out while a problem of the value itself says what is wrong; alone,
 * they stay, so a bad value is never silent.
 */
const SHAPE_PROBLEM = /^(#.*)\/anyOf(?:\/\d+\/type)?$/;

function schemaAt(root: RJSFSchema, pointer: string): unknown {
  let node: unknown = root;
  for (const segment of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

export function withoutShapeNoise(root: RJSFSchema, errors: RJSFValidationError[]): RJSFValidationError[] {
  // The shapes belong to a setting drawn by a custom field, or to a setting inside one (a condition's value).
  const drawnByCustomField = (pointer: string) =>
    pointer
      .split('/')
      .map((_, i, segments) => segments.slice(0, i + 1).join('/'))
      .some((at) => {
        const node = schemaAt(root, at);
        return typeof node === 'object' && node !== null && typeof (node as Record<string, unknown>)['x-field'] === 'string';
      });
  const isShapeProblem = (e: RJSFValidationError) => {
    const m = SHAPE_PROBLEM.exec(e.schemaPath ?? '');
    return m ? drawnByCustomField(m[1]!) : false;
  };
  const real = errors.filter((e) => !isShapeProblem(e));
  return errors.filter((e) => {
    if (!isShapeProblem(e)) return true;
    const at = e.property ?? '';
    return !real.some((r) => r.property === at || (r.property ?? '').startsWith(`${at}.`));
  });
}
