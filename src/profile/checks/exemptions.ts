// Exemption scope references.
import { didYouMean } from '../suggest';
import type { Check } from './context';

export const checkExemptions: Check = (ctx) => {
  const ids = new Set<string>();
  (ctx.profile.exemptions ?? []).forEach((e, i) => {
    const path = ['exemptions', i];
    if (ids.has(e.id)) ctx.report([...path, 'id'], `exemption ID ${e.id} is used twice`);
    ids.add(e.id);
    ctx.account([...path, 'scope', 'account'], e.scope.account);
    const pipelines = Object.keys(ctx.profile.imageFactory?.pipelines ?? {});
    if (e.scope.pipeline !== undefined && !pipelines.includes(e.scope.pipeline)) {
      ctx.report([...path, 'scope', 'pipeline'], `unknown pipeline "${e.scope.pipeline}"${didYouMean(e.scope.pipeline, pipelines)}`);
    }
  });
};
