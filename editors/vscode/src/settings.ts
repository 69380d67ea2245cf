// The extension's settings, turned into what `casenote server` reads from
// `initializationOptions` and from the `casenote` section of
// `workspace/configuration` (see src/lsp/settings.rs in the crate):
//
//   {rules, settings, training, lintOn, workspaceReview, docsBaseUrl}
//
// `rules`, `settings` and `training` override the record's casenote.toml
// key by key, so they are sent only when the user has set them: a default
// value in VS Code must not override a team's casenote.toml.
//
// Pure: no `vscode` import, so it runs under `node --test`.

/** Reads one `casenote.*` setting. */
export interface SettingsSource {
  /** The effective value (user, workspace or default). */
  get<T>(key: string): T | undefined;
  /** Whether the user or workspace set it (not just the default). */
  isSet(key: string): boolean;
}

export type Severity = 'off' | 'hint' | 'info' | 'warning' | 'error';
export const SEVERITIES: readonly Severity[] = ['off', 'hint', 'info', 'warning', 'error'];

export type LintOn = 'type' | 'save';

/** What the server receives. */
export interface ServerOptions {
  rules?: Record<string, Severity>;
  settings?: {
    acronyms?: string[];
    'long-sentence-words'?: number;
    'late-recording-working-days'?: number;
  };
  training?: boolean;
  lintOn: LintOn;
  workspaceReview: boolean;
  docsBaseUrl?: string;
}

/** The options, and the settings that were ignored (with why). */
export interface Converted {
  options: ServerOptions;
  problems: string[];
}

/** Extension settings that map to `[settings]` keys of casenote.toml. */
const FILE_SETTINGS: ReadonlyArray<[string, 'acronyms' | 'long-sentence-words' | 'late-recording-working-days']> = [
  ['acronyms', 'acronyms'],
  ['longSentenceWords', 'long-sentence-words'],
  ['lateRecordingWorkingDays', 'late-recording-working-days'],
];

/** The server options for the current settings. */
export function serverOptions(source: SettingsSource): Converted {
  const problems: string[] = [];
  const options: ServerOptions = {
    lintOn: source.get<string>('lintOn') === 'save' ? 'save' : 'type',
    workspaceReview: source.get<boolean>('workspaceReview') === true,
  };
  const lintOn = source.get<unknown>('lintOn');
  if (lintOn !== undefined && lintOn !== 'type' && lintOn !== 'save') {
    problems.push('casenote.lintOn must be "type" or "save"; using "type"');
  }

  const rules = source.get<Record<string, unknown>>('rules');
  if (rules && typeof rules === 'object' && Object.keys(rules).length > 0) {
    const chosen: Record<string, Severity> = {};
    for (const [rule, level] of Object.entries(rules)) {
      const normalised = typeof level === 'string' ? level.trim().toLowerCase() : level;
      if (SEVERITIES.includes(normalised as Severity)) {
        chosen[rule] = normalised as Severity;
      } else {
        problems.push(`casenote.rules: "${rule}" must be one of ${SEVERITIES.join(', ')}`);
      }
    }
    if (Object.keys(chosen).length > 0) {
      options.rules = chosen;
    }
  }

  const settings: NonNullable<ServerOptions['settings']> = {};
  for (const [key, fileKey] of FILE_SETTINGS) {
    if (!source.isSet(key)) {
      continue;
    }
    const value = source.get<unknown>(key);
    if (fileKey === 'acronyms') {
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        settings.acronyms = value.map((v) => v.trim()).filter((v) => v.length > 0);
      } else {
        problems.push('casenote.acronyms must be a list of acronyms');
      }
    } else if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
      settings[fileKey] = value;
    } else {
      problems.push(`casenote.${key} must be a whole number`);
    }
  }
  if (Object.keys(settings).length > 0) {
    options.settings = settings;
  }

  if (source.isSet('training')) {
    options.training = source.get<boolean>('training') === true;
  }

  const docs = source.get<string>('docsBaseUrl');
  if (typeof docs === 'string' && docs.trim() !== '') {
    options.docsBaseUrl = docs.trim();
  }
  return { options, problems };
}

/** Whether a settings change needs the server restarted, not just told. */
export function needsRestart(affects: (key: string) => boolean): boolean {
  return ['casenote.server.path', 'casenote.files', 'casenote.requireConfig', 'casenote.trace.server'].some(
    affects,
  );
}

/** Whether a settings change concerns the server at all. */
export function concernsServer(affects: (key: string) => boolean): boolean {
  return affects('casenote');
}
