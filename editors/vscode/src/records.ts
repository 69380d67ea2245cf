// Which files are records, the "Insert new entry" template and the status
// bar text. Pure: no `vscode` import, so it runs under `node --test`.

/** The default of `casenote.files`. */
export const DEFAULT_FILES = ['**/*.md'];

/** The names of the configuration file the server reads. */
export const CONFIG_NAMES = ['casenote.toml', '.casenote.toml'];

/**
 * The glob patterns for the document selector. VS Code matches a string
 * pattern against the file's full path, so a pattern relative to the
 * workspace (`cases/*.md`) is anchored at each workspace folder; one that
 * starts with `**` or is absolute is kept as it is.
 */
export function recordPatterns(globs: readonly string[] | undefined, folders: readonly string[]): string[] {
  const wanted = (globs ?? DEFAULT_FILES).map((g) => g.trim()).filter((g) => g !== '');
  const out: string[] = [];
  for (const glob of wanted.length > 0 ? wanted : DEFAULT_FILES) {
    const posix = glob.replace(/\\/g, '/');
    if (posix.startsWith('**') || posix.startsWith('/') || /^[A-Za-z]:\//.test(posix)) {
      out.push(posix);
    } else if (folders.length === 0) {
      out.push(`**/${posix.replace(/^\.\//, '')}`);
    } else {
      for (const folder of folders) {
        out.push(`${folder.replace(/\\/g, '/').replace(/\/+$/, '')}/${posix.replace(/^\.\//, '')}`);
      }
    }
  }
  return [...new Set(out)];
}

/** `2026-11-25` in local time. */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** What the template needs to know about the record. */
export interface RecordOutline {
  /** The heading level of the record's entries (2 if it has none). */
  entryLevel: number;
  /** The child or children and the parents, from the front matter. */
  people: string[];
  /** Whether the front matter sets `contact-frequency`. */
  hasFrequency: boolean;
}

const ENTRY_HEADING =
  /^ {0,3}(#{1,6})[ \t]+\**(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4})\b/;

/** Reads what the template needs from the record's text. */
export function outline(text: string): RecordOutline {
  const lines = text.split(/\r?\n/);
  let entryLevel = 2;
  let front: string[] = [];
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
    if (end > 0) {
      front = lines.slice(1, end);
    }
  }
  for (const line of lines) {
    const m = ENTRY_HEADING.exec(line);
    if (m) {
      entryLevel = m[1].length;
      break;
    }
  }
  const people: string[] = [];
  let hasFrequency = false;
  for (const [i, line] of front.entries()) {
    const m = /^(child|children|parents|contact-frequency)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (!m) {
      continue;
    }
    if (m[1] === 'contact-frequency') {
      hasFrequency = m[2].trim() !== '';
      continue;
    }
    let value = m[2].replace(/\s#.*$/, '').trim();
    if (value === '') {
      // A block list on the following lines.
      const items: string[] = [];
      for (const next of front.slice(i + 1)) {
        const item = /^\s*-\s+(.*)$/.exec(next);
        if (!item) {
          break;
        }
        items.push(item[1]);
      }
      value = `[${items.join(', ')}]`;
    }
    const names = value.startsWith('[') ? value.replace(/^\[|\]$/g, '').split(',') : [value];
    for (const name of names) {
      const clean = name.trim().replace(/^["']|["']$/g, '').trim();
      if (clean !== '' && !people.includes(clean)) {
        people.push(clean);
      }
    }
  }
  return { entryLevel, people, hasFrequency };
}

/** Escapes text for a snippet placeholder. */
function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * The "Insert new entry" snippet: a dated entry with its fields and the
 * usual sections, the same shape as the server's "New entry" completion.
 */
export function newEntrySnippet(today: Date, record: RecordOutline): string {
  const date = isoDate(today);
  const hashes = '#'.repeat(Math.min(Math.max(record.entryLevel, 1), 5));
  const sub = `${hashes}#`;
  const present = record.people.length > 0 ? record.people.join(', ') : 'who took part';
  const lines = [
    `${hashes} ${date} \${1:14:00} — \${2|Home visit,School visit,Office visit,Phone call,Video call,Meeting,Strategy discussion,Case note|}`,
    '',
    `Recorded: ${date}`,
    'Contact: ${3:home visit, announced}',
    `Present: \${4:${snippetText(present)}}`,
  ];
  if (!record.hasFrequency) {
    lines.push('Frequency: ${5:weekly}');
  }
  lines.push(
    '',
    `${sub} Observations`,
    '',
    '$0',
    '',
    `${sub} Wishes and feelings`,
    '',
    `${sub} Analysis`,
    '',
  );
  return lines.join('\n');
}

/** Findings of one record, by severity. */
export interface Counts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** The status bar item's text and tooltip. */
export function statusText(counts: Counts | undefined): { text: string; tooltip: string } {
  if (!counts) {
    return { text: '$(book) casenote', tooltip: 'casenote: this file is not checked as a case record' };
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) {
    return { text: '$(check) casenote', tooltip: 'casenote: no findings in this record' };
  }
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => {
    if (n > 0) {
      parts.push(`${n} ${n === 1 ? one : many}`);
    }
  };
  add(counts.error, 'error', 'errors');
  add(counts.warning, 'warning', 'warnings');
  add(counts.info, 'info', 'info');
  add(counts.hint, 'hint', 'hints');
  const icon = counts.error > 0 ? '$(error)' : counts.warning > 0 ? '$(warning)' : '$(info)';
  return {
    text: `${icon} casenote: ${total}`,
    tooltip: `casenote: ${total} ${total === 1 ? 'finding' : 'findings'} in this record (${parts.join(', ')}). Click to open the Problems panel.`,
  };
}

/** The summary `casenote.reviewWorkspace` returns. */
export interface ReviewSummary {
  records?: number;
  open?: number;
  findings?: number;
  unreadable?: number;
}

/** The message after "Review workspace". */
export function reviewMessage(summary: ReviewSummary): string {
  const records = summary.records ?? 0;
  const open = summary.open ?? 0;
  const closed = records - open;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  let text = `casenote: reviewed ${plural(records, 'record', 'records')}`;
  if (open > 0) {
    text += ` (${open} open, checked as you type)`;
  }
  text += `: ${plural(summary.findings ?? 0, 'finding', 'findings')} in the ${plural(closed, 'record', 'records')} not open`;
  if (summary.unreadable) {
    text += `; ${plural(summary.unreadable, 'file', 'files')} could not be read`;
  }
  return `${text}. They are listed in the Problems panel.`;
}
