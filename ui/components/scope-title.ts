import { html } from 'lit';
import type { Scope } from '../api.ts';
import { frozenVersion, type AppContext } from '../context.ts';
import { date, localDate, periodLabel } from '../format.ts';

/**
 * A view's title with its period and cut-off ("số liệu đến ngày"), and "Đã chốt" with the
 * day the period's official figures were frozen, for the accounts that may read freezes.
 */
export function scopeTitle(title: unknown, ctx: AppContext, scope: Scope, id = '') {
  const f = frozenVersion(ctx, scope.period);
  return html`<h2 id=${id || 'view-title'}>${title} — ${periodLabel(scope.period)}
    <span class="asof">(số liệu đến ngày ${date(scope.asOf)})</span>${f ? html`
    <span class="frozen" title=${`Số liệu chính thức của kỳ đã chốt ngày ${localDate(f.frozen_at)}, tính đến ngày ${date(f.as_of)} (phiên bản ${f.version})`}>Đã chốt ngày ${localDate(f.frozen_at)}</span>` : ''}</h2>`;
}
