// Exemptions: scope references, and dates as of the assessment date. An expired exemption or one whose
// review is overdue is an error (it would otherwise silently keep waiving requirements); one expiring within
// 30 days is a warning.
import { daysBetween, EXPIRY_WARNING_DAYS, reviewDue, reviewEveryDays } from '../../model/exemption-dates';
import { didYouMean } from '../suggest';
import type { Check } from './context';

export const checkExemptions: Check = (ctx) => {
  const ids = new Set<string>();
  const pipelines = Object.keys(ctx.profile.imageFactory?.pipelines ?? {});
  (ctx.profile.exemptions ?? []).forEach((e, i) => {
    const path = ['exemptions', i];
    if (ids.has(e.id)) ctx.report([...path, 'id'], `exemption ID ${e.id} is used twice`);
    ids.add(e.id);
    ctx.account([...path, 'scope', 'account'], e.scope.account);
    if (e.scope.pipeline !== undefined && !pipelines.includes(e.scope.pipeline)) {
      ctx.report(
        [...path, 'scope', 'pipeline'],
        `unknown pipeline "${e.scope.pipeline}"${didYouMean(e.scope.pipeline, pipelines)}`,
      );
    }

    // Dates. Malformed ones are already schema errors.
    const dates = [e.approvedOn, e.expires, e.lastReviewed].filter((d): d is string => d !== undefined);
    if (dates.some((d) => Number.isNaN(Date.parse(`${d}T00:00:00Z`))) || !/^\d+d$/.test(e.reviewEvery)) return;
    if (e.expires <= e.approvedOn) {
      ctx.report([...path, 'expires'], `expires on ${e.expires}, not after its approval on ${e.approvedOn}`);
      return;
    }
    if (e.lastReviewed !== undefined && e.lastReviewed < e.approvedOn) {
      ctx.report(
        [...path, 'lastReviewed'],
        `last reviewed on ${e.lastReviewed}, before it was approved on ${e.approvedOn}`,
      );
    } else if (e.lastReviewed !== undefined && e.lastReviewed > ctx.asOf) {
      ctx.report(
        [...path, 'lastReviewed'],
        `last reviewed on ${e.lastReviewed}, after the assessment date ${ctx.asOf}; record the date the review happened`,
      );
    }
    if (e.approvedOn > ctx.asOf) {
      ctx.report(
        [...path, 'approvedOn'],
        `approved on ${e.approvedOn}, after the assessment date ${ctx.asOf}: it waives nothing before then`,
        { severity: 'warning' },
      );
    }
    if (e.expires < ctx.asOf) {
      ctx.report(
        [...path, 'expires'],
        `exemption ${e.id} expired on ${e.expires} (assessed as of ${ctx.asOf}); an expired exemption waives nothing: renew it with a new approval and expiry, or remove it`,
      );
      return;
    }
    const due = reviewDue(e);
    if (due < ctx.asOf) {
      const from = e.lastReviewed !== undefined ? `last review on ${e.lastReviewed}` : `approval on ${e.approvedOn}`;
      ctx.report(
        [...path, e.lastReviewed !== undefined ? 'lastReviewed' : 'reviewEvery'],
        `review of exemption ${e.id} is overdue: it was due on ${due} (${reviewEveryDays(e)} days after the ${from}); review it and set lastReviewed`,
      );
    }
    const left = daysBetween(ctx.asOf, e.expires);
    if (left <= EXPIRY_WARNING_DAYS) {
      ctx.report(
        [...path, 'expires'],
        `exemption ${e.id} expires ${left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`} (${e.expires}); renew or retire it`,
        { severity: 'warning' },
      );
    }
  });
};
