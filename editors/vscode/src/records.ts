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
  /** The record's agency, when the front matter names a known one. */
  agency?: Agency;
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
  return { entryLevel, people, hasFrequency, agency: recordAgency(text) };
}

/** Escapes text for a snippet placeholder. */
function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * The "New entry" snippet: a dated entry with the fields the record's
 * agency records and the usual sections, the same shape as the server's
 * "New entry" completion. `today` comes from the editor.
 */
export function newEntrySnippet(today: Date, record: RecordOutline): string {
  const date = isoDate(today);
  const hashes = '#'.repeat(Math.min(Math.max(record.entryLevel, 1), 5));
  const sub = `${hashes}#`;
  const present = record.people.length > 0 ? record.people.join(', ') : 'who took part';
  const agency = record.agency ?? 'childrens-social-care';
  const contacts = [...AGENCY_CONTACTS[agency], 'Case note'];
  let n = 3;
  const lines = [
    `${hashes} ${date} \${1:14:00} — \${2|${contacts.join(',')}|}`,
    '',
    `Recorded: ${date}`,
    `Author: \${${n++}:your name, role}`,
    `Contact: \${${n++}:${snippetText(contacts[0].toLowerCase())}, announced}`,
    `Present: \${${n++}:${snippetText(present)}}`,
  ];
  if (SEEN_ALONE.includes(agency)) {
    lines.push(`Seen alone: \${${n++}:yes}`);
  }
  if (!record.hasFrequency) {
    lines.push(`Frequency: \${${n++}:weekly}`);
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

/** The agencies of the front matter's `agency` key (grammar/vocabulary.toml). */
export const AGENCIES = [
  'probation',
  'yos',
  'childrens-social-care',
  'health',
  'police',
  'education',
  'other',
] as const;
export type Agency = (typeof AGENCIES)[number];

/** What a user picks an agency by. */
export const AGENCY_NAMES: Record<Agency, string> = {
  probation: 'Probation',
  yos: 'Youth offending service',
  'childrens-social-care': "Children's social care",
  health: 'Health',
  police: 'Police',
  education: 'Education',
  other: 'Other agency',
};

/** The stages of the front matter's `stage` key (grammar/vocabulary.toml). */
export const STAGES = [
  'social-work-assessment',
  'section-47',
  'child-protection-plan',
  'child-protection-concern',
  'safeguarding-concern',
  'mappa',
  'pprc',
  'looked-after',
  'child-in-need',
] as const;

/**
 * The first contact types offered in a new entry, by agency: each is a
 * contact type of the record format (SPEC §3.2), in the order an agency
 * uses them most.
 */
export const AGENCY_CONTACTS: Record<Agency, readonly string[]> = {
  probation: ['Office visit', 'Home visit', 'Phone call', 'Meeting'],
  yos: ['Office visit', 'Home visit', 'Phone call', 'Meeting'],
  'childrens-social-care': ['Home visit', 'School visit', 'Office visit', 'Phone call', 'Strategy discussion', 'Meeting'],
  health: ['Home visit', 'Hospital visit', 'Phone call', 'Meeting'],
  police: ['Home visit', 'Phone call', 'Strategy discussion', 'Meeting'],
  education: ['School visit', 'Meeting', 'Phone call', 'Home visit'],
  other: ['Home visit', 'Office visit', 'Phone call', 'Meeting'],
};

/** Agencies whose visits record whether the child was seen alone. */
const SEEN_ALONE: readonly Agency[] = ['childrens-social-care', 'yos', 'probation'];

/** What "casenote: New record" asks for. */
export interface NewRecord {
  child: string;
  agency: Agency;
  /** Zero or more of STAGES. */
  stages: string[];
  worker: string;
}

/** A file name for a new record about `child`: `jamie-smith.md`. */
export function recordFileName(child: string): string {
  const slug = child
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug === '' ? 'new-record' : slug}.md`;
}

/** A YAML scalar: quoted when plain YAML would read it as something else. */
function yamlScalar(text: string): string {
  const plain = /^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'-]*$/.test(text) && !/^(yes|no|true|false|null|on|off)$/i.test(text);
  return plain ? text : JSON.stringify(text);
}

/**
 * A new record (SPEC §3): front matter, a family composition section with
 * a genogram, and a first dated entry (a case note opening the record)
 * written so that the record has no finding above info.
 */
export function newRecordText(record: NewRecord, today: Date): string {
  const date = isoDate(today);
  const child = record.child.trim();
  const worker = record.worker.trim();
  const front = [
    '---',
    `child: ${yamlScalar(child)}`,
    `agency: ${record.agency}`,
    'document: case-record',
  ];
  if (record.stages.length > 0) {
    front.push(`stage: [${record.stages.join(', ')}]`);
  }
  front.push(
    '# The planned frequency of contact with the child: change it to the plan.',
    'contact-frequency: weekly',
    `worker: ${yamlScalar(worker)}`,
    '---',
  );
  const body = [
    '',
    '# Family composition',
    '',
    '| Name | Relationship | Born | Lives with the child | Parental responsibility |',
    '|---|---|---|---|---|',
    `| ${child} | child | | yes | |`,
    '',
    '```genogram',
    `updated: ${date}`,
    `person ${child}: child, household`,
    '```',
    '',
    `## ${date} — Case note`,
    '',
    `Recorded: ${date}`,
    `Author: ${worker}`,
    'Contact: case note',
    `Present: ${worker}`,
    '',
    `Record opened for ${child}.`,
    '',
  ];
  return [...front, ...body].join('\n');
}

/** Reads the `agency` of a record's front matter, if it is a known one. */
export function recordAgency(text: string): Agency | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return undefined;
  }
  for (const line of lines.slice(1)) {
    if (line.trim() === '---' || line.trim() === '...') {
      break;
    }
    const m = /^agency[ \t]*:[ \t]*["']?([a-z-]+)/.exec(line);
    if (m && (AGENCIES as readonly string[]).includes(m[1])) {
      return m[1] as Agency;
    }
  }
  return undefined;
}

/** Findings of one record, by severity. */
export interface Counts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/**
 * The status bar item's text and tooltip. The count is what the Problems
 * panel lists (errors, warnings and info): VS Code leaves hints out of
 * the panel and draws them as dots, so they are named apart.
 */
export function statusText(counts: Counts | undefined): { text: string; tooltip: string } {
  if (!counts) {
    return { text: '$(book) casenote', tooltip: 'casenote: this file is not checked as a case record' };
  }
  const problems = counts.error + counts.warning + counts.info;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const hints =
    counts.hint > 0 ? ` and ${plural(counts.hint, 'hint', 'hints')} (dotted under the text, not in the Problems panel)` : '';
  if (problems === 0) {
    return { text: '$(check) casenote', tooltip: `casenote: no problems in this record${hints}. Click for casenote's menu.` };
  }
  const parts: string[] = [];
  const add = (n: number, one: string, many: string) => {
    if (n > 0) {
      parts.push(plural(n, one, many));
    }
  };
  add(counts.error, 'error', 'errors');
  add(counts.warning, 'warning', 'warnings');
  add(counts.info, 'info', 'info');
  const icon = counts.error > 0 ? '$(error)' : counts.warning > 0 ? '$(warning)' : '$(info)';
  return {
    text: `${icon} casenote: ${problems}`,
    tooltip: `casenote: ${plural(problems, 'problem', 'problems')} in this record (${parts.join(', ')}), as in the Problems panel${hints}. Click for casenote's menu.`,
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
