// The Caseload view's rows, from the server's `casenote/caseload` answer
// (the statistics of `casenote report --format json`). Pure: no `vscode`
// import, so it runs under `node --test`.

/** The request's method (src/lsp/caseload.rs). */
export const CASELOAD_REQUEST = 'casenote/caseload';

export type Status = 'red' | 'amber' | 'green';

/** What the view reads of one record of the answer. */
export interface CaseloadRecord {
  path: string;
  record?: string;
  worker?: string;
  status?: string;
  findings?: { total?: number };
  children_seen?: { child: string; days_since_seen?: number | null; planned_frequency?: string | null; days_overdue?: number | null }[];
}

/** One "needs attention" item of the answer. */
export interface TriageItem {
  concern: string;
  status: string;
  path: string;
  child?: string | null;
  line?: number | null;
  summary: string;
}

export interface CaseloadAnswer {
  date?: string;
  records?: CaseloadRecord[];
  triage?: TriageItem[];
  uris?: Record<string, string>;
}

/** How the view is sorted. */
export type SortKey = 'status' | 'name' | 'seen' | 'findings';
export const SORT_KEYS: { key: SortKey; label: string }[] = [
  { key: 'status', label: 'Status (red first)' },
  { key: 'name', label: 'Case reference' },
  { key: 'seen', label: 'Days since the child was seen (longest first)' },
  { key: 'findings', label: 'Findings (most first)' },
];

/** A record's row. */
export interface CaseloadRow {
  path: string;
  uri?: string;
  label: string;
  status: Status;
  /** The status as words, so that it never depends on colour alone. */
  statusLabel: string;
  description: string;
  tooltip: string;
  findings: number;
  /** The most days since any child of the record was seen. */
  daysSinceSeen?: number;
  attention: { summary: string; status: Status; line?: number }[];
}

const RANK: Record<Status, number> = { red: 0, amber: 1, green: 2 };
const STATUS_LABEL: Record<Status, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

function status(text: string | undefined): Status {
  return text === 'red' || text === 'amber' ? text : 'green';
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The rows of the view, sorted by `sort`. */
export function caseloadRows(answer: CaseloadAnswer, sort: SortKey): CaseloadRow[] {
  const rows = (answer.records ?? []).map((record): CaseloadRow => {
    const s = status(record.status);
    const findings = record.findings?.total ?? 0;
    const seen = (record.children_seen ?? [])
      .map((c) => c.days_since_seen)
      .filter((d): d is number => typeof d === 'number');
    const daysSinceSeen = seen.length > 0 ? Math.max(...seen) : undefined;
    const parts = [STATUS_LABEL[s], plural(findings, 'finding', 'findings')];
    if (daysSinceSeen !== undefined) {
      parts.push(`seen ${plural(daysSinceSeen, 'day', 'days')} ago`);
    } else if ((record.children_seen ?? []).length > 0) {
      parts.push('not seen');
    }
    const label = record.record && record.record.trim() !== '' ? record.record : record.path;
    const attention = (answer.triage ?? [])
      .filter((item) => item.path === record.path)
      .map((item) => ({ summary: item.summary, status: status(item.status), line: item.line ?? undefined }));
    const lines = [`${label} (${record.path}): ${STATUS_LABEL[s]}`];
    if (record.worker) {
      lines.push(`Worker: ${record.worker}`);
    }
    for (const child of record.children_seen ?? []) {
      const when = typeof child.days_since_seen === 'number' ? `last seen ${plural(child.days_since_seen, 'day', 'days')} ago` : 'not seen';
      const plan = child.planned_frequency ? `, planned every ${child.planned_frequency}` : '';
      const overdue = child.days_overdue ? `, ${plural(child.days_overdue, 'day', 'days')} overdue` : '';
      lines.push(`${child.child}: ${when}${plan}${overdue}`);
    }
    lines.push(`${plural(findings, 'finding', 'findings')}; ${plural(attention.length, 'item needs', 'items need')} attention`);
    return {
      path: record.path,
      uri: answer.uris?.[record.path],
      label,
      status: s,
      statusLabel: STATUS_LABEL[s],
      description: parts.join(' · '),
      tooltip: lines.join('\n'),
      findings,
      daysSinceSeen,
      attention,
    };
  });
  const byName = (a: CaseloadRow, b: CaseloadRow) => a.label.localeCompare(b.label) || a.path.localeCompare(b.path);
  const compare: Record<SortKey, (a: CaseloadRow, b: CaseloadRow) => number> = {
    status: (a, b) => RANK[a.status] - RANK[b.status] || b.attention.length - a.attention.length || byName(a, b),
    name: byName,
    seen: (a, b) => (b.daysSinceSeen ?? -1) - (a.daysSinceSeen ?? -1) || byName(a, b),
    findings: (a, b) => b.findings - a.findings || byName(a, b),
  };
  return rows.sort(compare[sort]);
}

/** The view's message above the rows: how many records, by status. */
export function caseloadSummary(rows: CaseloadRow[]): string {
  const count = (s: Status) => rows.filter((r) => r.status === s).length;
  return `${plural(rows.length, 'record', 'records')}: ${count('red')} red, ${count('amber')} amber, ${count('green')} green`;
}
