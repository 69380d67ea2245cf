// The casenote extension: starts `casenote server` for case records and
// adds commands, a status bar item and the explanation view around it.
//
// The logic that can be tested without VS Code lives in settings.ts,
// server.ts, records.ts and html.ts (see test/).

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  type Executable,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

import { CASELOAD_REQUEST, type CaseloadAnswer, type CaseloadRow, caseloadRows, caseloadSummary, SORT_KEYS, type SortKey } from './caseload';
import { type ChronologyAnswer, chronologyLine, chronologyPage, escapeHtml, explanationPage, genogramPage } from './html';
import {
  AGENCIES,
  AGENCY_NAMES,
  CONFIG_NAMES,
  type Counts,
  newEntrySnippet,
  newRecordText,
  outline,
  recordFileName,
  recordPatterns,
  reviewMessage,
  STAGES,
  statusText,
} from './records';
import { type Discovery, findServer, processEnvironment } from './server';
import { needsRestart, serverOptions, type SettingsSource } from './settings';

/** Commands the server provides (`workspace/executeCommand`). */
const SERVER_EXPLAIN = 'casenote.explainRule';
const SERVER_REVIEW = 'casenote.reviewWorkspace';
const SERVER_GENOGRAM = 'casenote.showGenogram';
const SERVER_CHRONOLOGY = 'casenote.showChronology';

/** Panels that show one record as the server draws it, redrawn as it is edited. */
type RecordPanel = 'genogram' | 'chronology';
const RECORD_PANELS: Record<RecordPanel, { command: string; title: string; missing: string }> = {
  genogram: {
    command: SERVER_GENOGRAM,
    title: 'Genogram',
    missing: 'casenote: open a case record with a genogram block to see its genogram.',
  },
  chronology: {
    command: SERVER_CHRONOLOGY,
    title: 'Chronology',
    missing: 'casenote: open a case record to see its chronology.',
  },
};

/**
 * Context keys the walkthrough's steps wait for (`onContext:`), set when
 * the user has done the step.
 */
const DONE_WISHES = 'casenote.walkthrough.wishesAdded';
const DONE_FIX = 'casenote.walkthrough.findingFixed';
const DONE_GENOGRAM = 'casenote.walkthrough.genogramShown';

/** Today as the editor sees it. `CASENOTE_TODAY` (YYYY-MM-DD), which the
 * server also reads, pins it for tests and demonstrations. */
function today(): Date {
  const pinned = /^(\d{4})-(\d{2})-(\d{2})$/.exec(process.env.CASENOTE_TODAY ?? '');
  if (pinned) {
    return new Date(Number(pinned[1]), Number(pinned[2]) - 1, Number(pinned[3]), 12, 0);
  }
  return new Date();
}

/** Why the server is not running, for the status bar. */
type Idle = { reason: 'no-config' } | { reason: 'no-server'; discovery: Extract<Discovery, { ok: false }> } | { reason: 'stopped' };

let extension: Extension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new Extension(context);
  await extension.activate();
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}

/** Settings of the `casenote` section, with "was it set?" from `inspect`. */
function settingsSource(scope?: vscode.Uri): SettingsSource {
  const config = vscode.workspace.getConfiguration('casenote', scope);
  return {
    get: <T>(key: string) => config.get<T>(key),
    isSet(key: string): boolean {
      const info = config.inspect(key);
      return (
        info !== undefined &&
        (info.globalValue !== undefined ||
          info.workspaceValue !== undefined ||
          info.workspaceFolderValue !== undefined)
      );
    },
  };
}

class Extension {
  private client: LanguageClient | undefined;
  private idle: Idle = { reason: 'stopped' };
  private readonly output: vscode.OutputChannel;
  private readonly status: vscode.StatusBarItem;
  private panels = new Map<string, vscode.WebviewPanel>();
  private selector: { scheme: string; language: string; pattern: string }[] = [];
  private starting: Promise<void> | undefined;
  /** The settings problems last shown, so each is shown once. */
  private shownProblems = new Set<string>();
  /** The record each record panel shows, redrawn as it is edited. */
  private panelUris = new Map<RecordPanel, string>();
  private redrawTimers = new Map<RecordPanel, ReturnType<typeof setTimeout>>();
  /** The last chronology answer per record, to go from an event to its entry. */
  private chronologies = new Map<string, ChronologyAnswer>();
  /** Findings per record when last counted: all, and `missing-wishes-feelings`. */
  private counted = new Map<string, { all: number; wishes: number }>();
  private readonly caseload = new CaseloadView(this);

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('casenote');
    this.status = vscode.window.createStatusBarItem('casenote.status', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'casenote findings';
    context.subscriptions.push(this.output, this.status);
  }

  async activate(): Promise<void> {
    const { subscriptions } = this.context;
    subscriptions.push(
      vscode.commands.registerCommand('casenote.explain', (rule?: unknown) => this.explainCommand(rule)),
      vscode.commands.registerCommand('casenote.review', () => this.reviewWorkspace()),
      vscode.commands.registerCommand('casenote.genogram', () => this.recordPanelCommand('genogram')),
      vscode.commands.registerCommand('casenote.chronology', () => this.recordPanelCommand('chronology')),
      vscode.commands.registerCommand('casenote.insertEntry', () => this.insertEntry()),
      vscode.commands.registerCommand('casenote.restartServer', () => this.restart()),
      vscode.commands.registerCommand('casenote.showLog', () => this.output.show(true)),
      vscode.commands.registerCommand('casenote.statusClicked', () => this.statusClicked()),
      vscode.commands.registerCommand('casenote.newRecord', (folder?: unknown) => this.newRecord(folder)),
      vscode.commands.registerCommand('casenote.openExample', () => this.openExample()),
      vscode.commands.registerCommand('casenote.reviewFolder', (folder?: unknown) => this.reviewWorkspace(folder)),
      vscode.commands.registerCommand('casenote.openReport', () => this.openReport()),
      // Run after a quick fix's edit (added to each fix): the walkthrough's step.
      vscode.commands.registerCommand('casenote.fixApplied', () => undefined),
      vscode.commands.registerCommand('casenote.toggleTraining', () => this.toggleTraining()),
      vscode.commands.registerCommand('casenote.caseload.refresh', () => this.caseload.refresh()),
      vscode.commands.registerCommand('casenote.caseload.sort', () => this.caseload.chooseSort()),
      vscode.commands.registerCommand('casenote.caseload.open', (uri?: string, line?: number) => this.openAt(uri, line)),
      vscode.commands.registerCommand('casenote.caseload.chronology', (item?: { row?: CaseloadRow }) =>
        this.caseloadChronology(item?.row),
      ),
      this.caseload.attach(vscode.window.createTreeView('casenote.caseload', { treeDataProvider: this.caseload, showCollapseAll: true })),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.isRecord(document)) {
          this.caseload.refresh();
        }
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        this.updateStatus();
        this.noticeWishes(e.uris);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateStatus()),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      vscode.workspace.onDidChangeTextDocument((e) => this.recordEdited(e.document)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        if (!this.client) {
          void this.start();
        }
      }),
    );
    // A casenote.toml created later switches the extension on.
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${CONFIG_NAMES.join(',')}}`, false, true, true);
    watcher.onDidCreate(() => {
      if (!this.client) {
        void this.start();
      }
    });
    subscriptions.push(watcher);
    await this.start();
    this.updateStatus();
  }

  // --- The language client -------------------------------------------------

  private async hasConfigFile(): Promise<boolean> {
    if (!vscode.workspace.workspaceFolders?.length) {
      return false;
    }
    const found = await vscode.workspace.findFiles(`**/{${CONFIG_NAMES.join(',')}}`, '**/node_modules/**', 1);
    return found.length > 0;
  }

  async start(): Promise<void> {
    if (this.starting) {
      return this.starting;
    }
    this.starting = this.doStart().finally(() => {
      this.starting = undefined;
      this.updateStatus();
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (this.client) {
      return;
    }
    const config = vscode.workspace.getConfiguration('casenote');
    if (config.get<boolean>('requireConfig', true) && !(await this.hasConfigFile())) {
      this.idle = { reason: 'no-config' };
      this.output.appendLine(
        'No casenote.toml in this workspace: records are not checked. Add one, or turn off "casenote.requireConfig".',
      );
      return;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const discovery = findServer(
      config.get<string>('server.path'),
      processEnvironment(folders[0], this.context.extensionPath),
    );
    if (!discovery.ok) {
      this.idle = { reason: 'no-server', discovery };
      this.output.appendLine(`${discovery.message} ${discovery.fix}`);
      void this.showServerProblem(discovery);
      return;
    }
    this.output.appendLine(`Starting ${discovery.command} ${discovery.args.join(' ')}`);

    const patterns = recordPatterns(config.get<string[]>('files'), folders);
    this.selector = patterns.map((pattern) => ({ scheme: 'file', language: 'markdown', pattern }));
    const documentSelector = [
      ...this.selector,
      ...CONFIG_NAMES.map((name) => ({ scheme: 'file', pattern: `**/${name}` })),
    ];
    const run: Executable = {
      command: discovery.command,
      args: discovery.args,
      transport: TransportKind.stdio,
      options: { cwd: folders[0] },
    };
    const converted = serverOptions(settingsSource());
    this.showSettingsProblems(converted.problems);
    const clientOptions: LanguageClientOptions = {
      documentSelector,
      diagnosticCollectionName: 'casenote',
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: converted.options,
      markdown: { isTrusted: false, supportHtml: false },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) {
              return answer;
            }
            return params.items.map((item, i) => {
              if (item.section !== 'casenote') {
                return answer[i];
              }
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              const result = serverOptions(settingsSource(scope));
              this.showSettingsProblems(result.problems);
              return result.options;
            });
          },
        },
        // Each quick fix also runs casenote.fixApplied: the walkthrough's step.
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = await next(document, range, context, token);
          for (const action of actions ?? []) {
            if (action instanceof vscode.CodeAction && action.edit && !action.command && action.kind?.value === 'quickfix') {
              action.command = { title: 'casenote: fix applied', command: 'casenote.fixApplied' };
            }
          }
          return actions;
        },
        executeCommand: async (command, args, next) => {
          // The extension shows the rule's page itself: no message as well.
          if (command === SERVER_EXPLAIN && args.length === 1) {
            args = [args[0], { message: false }];
          }
          const result = await next(command, args);
          if (command === SERVER_EXPLAIN && typeof result === 'string') {
            await this.showExplanation(String(args[0] ?? ''), result);
          } else if (command === SERVER_GENOGRAM) {
            this.showRecordPanel('genogram', String(args[0] ?? ''), result);
          } else if (command === SERVER_CHRONOLOGY) {
            this.showRecordPanel('chronology', String(args[0] ?? ''), result);
          }
          return result;
        },
      },
    };
    const client = new LanguageClient('casenote', 'casenote', { run, debug: run }, clientOptions);
    client.onDidChangeState((event) => {
      if (event.newState === State.Stopped && this.client === client) {
        this.idle = { reason: 'stopped' };
      }
      void vscode.commands.executeCommand('setContext', 'casenote.running', event.newState === State.Running);
      this.updateStatus();
      this.caseload.refresh();
    });
    this.client = client;
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      this.idle = { reason: 'stopped' };
      const message = error instanceof Error ? error.message : String(error);
      this.output.appendLine(`The casenote server did not start: ${message}`);
      void vscode.window
        .showErrorMessage(`casenote: the server (${discovery.command}) did not start: ${message}`, 'Show Log')
        .then((choice) => choice && this.output.show(true));
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.idle = { reason: 'stopped' };
    if (client && client.state !== State.Stopped) {
      try {
        await client.stop(5000);
      } catch (error) {
        this.output.appendLine(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    this.shownProblems.clear();
    await this.start();
    if (this.client) {
      void vscode.window.setStatusBarMessage('casenote: server restarted', 3000);
    }
  }

  private async configurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
    if (!event.affectsConfiguration('casenote')) {
      return;
    }
    if (needsRestart((key) => event.affectsConfiguration(key)) || !this.client) {
      await this.restart();
      return;
    }
    this.updateStatus();
    const converted = serverOptions(settingsSource());
    this.showSettingsProblems(converted.problems);
    // The server answers by pulling the `casenote` section again.
    await this.client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { casenote: converted.options },
    });
  }

  private showSettingsProblems(problems: string[]): void {
    for (const problem of problems) {
      if (!this.shownProblems.has(problem)) {
        this.shownProblems.add(problem);
        void vscode.window.showWarningMessage(problem);
      }
    }
  }

  private async showServerProblem(discovery: Extract<Discovery, { ok: false }>): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`${discovery.message} ${discovery.fix}`, 'Open Settings', 'Show Log');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'casenote.server.path');
    } else if (choice === 'Show Log') {
      this.output.show(true);
    }
  }

  private runningClient(): LanguageClient | undefined {
    if (this.client && this.client.state === State.Running) {
      return this.client;
    }
    const why =
      this.idle.reason === 'no-config'
        ? 'there is no casenote.toml in this workspace (or turn off "casenote.requireConfig")'
        : this.idle.reason === 'no-server'
          ? this.idle.discovery.message
          : 'the server is not running (run "casenote: Restart server")';
    void vscode.window.showWarningMessage(`casenote: not available: ${why}`);
    return undefined;
  }

  // --- Commands -------------------------------------------------------------

  /** The rules, from this extension's own `casenote.rules` setting schema. */
  private rules(): { id: string; summary: string }[] {
    const properties =
      this.context.extension.packageJSON?.contributes?.configuration?.properties?.['casenote.rules']?.properties ?? {};
    return Object.entries(properties).map(([id, schema]) => ({
      id,
      summary: String((schema as { markdownDescription?: string }).markdownDescription ?? ''),
    }));
  }

  private async explainCommand(argument?: unknown): Promise<void> {
    let rule = typeof argument === 'string' ? argument : undefined;
    if (!rule) {
      // The rules flagged where the cursor is come first.
      const editor = vscode.window.activeTextEditor;
      const here = editor
        ? vscode.languages
            .getDiagnostics(editor.document.uri)
            .filter((d) => d.source === 'casenote' && d.range.contains(editor.selection.active))
            .map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '')))
        : [];
      const flagged = [...new Set(here)].filter((id) => id !== '');
      const items: vscode.QuickPickItem[] = [];
      const rules = this.rules();
      for (const id of flagged) {
        items.push({ label: id, description: 'here', detail: rules.find((r) => r.id === id)?.summary });
      }
      if (flagged.length > 0) {
        items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
      }
      for (const r of rules.filter((r) => !flagged.includes(r.id))) {
        items.push({ label: r.id, detail: r.summary });
      }
      const picked = await vscode.window.showQuickPick(items, {
        title: 'casenote: explain a rule',
        placeHolder: 'Rule to explain',
        matchOnDetail: true,
      });
      rule = picked?.label;
    }
    if (!rule) {
      return;
    }
    const client = this.runningClient();
    if (!client) {
      return;
    }
    try {
      const doc = await client.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_EXPLAIN,
        arguments: [rule, { message: false }],
      });
      if (typeof doc === 'string') {
        await this.showExplanation(rule, doc);
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`casenote: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The column casenote's panels share, beside the record: the column of a
   * panel already shown, else the one right of the active editor (never a
   * third column opened beside a panel).
   */
  private panelColumn(): vscode.ViewColumn {
    for (const panel of this.panels.values()) {
      if (panel.viewColumn !== undefined) {
        return panel.viewColumn;
      }
    }
    const editor = vscode.window.activeTextEditor?.viewColumn;
    return editor !== undefined ? editor + 1 : vscode.ViewColumn.Beside;
  }

  /** A webview panel of `kind`, created once and reused. */
  private panel(kind: string, title: string): vscode.WebviewPanel {
    let panel = this.panels.get(kind);
    if (!panel) {
      const scripts = kind === 'chronology';
      panel = vscode.window.createWebviewPanel(
        `casenote.${kind}`,
        title,
        { viewColumn: this.panelColumn(), preserveFocus: true },
        { enableScripts: scripts, enableFindWidget: true, localResourceRoots: [] },
      );
      panel.onDidDispose(() => this.panels.delete(kind));
      if (scripts) {
        panel.webview.onDidReceiveMessage((message: { row?: unknown }) => {
          if (typeof message?.row === 'string') {
            void this.goToEvent(message.row);
          }
        });
      }
      this.panels.set(kind, panel);
    }
    panel.title = title;
    return panel;
  }

  /** Opens the record of the chronology panel at the entry of event `row`. */
  private async goToEvent(row: string): Promise<void> {
    const kind: RecordPanel = 'chronology';
    const uri = this.panelUris.get(kind);
    const line = uri ? chronologyLine(this.chronologies.get(uri), row) : undefined;
    if (uri && line) {
      await this.openAt(uri, line);
    }
  }

  /** Opens `uri` (a protocol URI string) with line `line` (1-based) selected, in the record's column. */
  async openAt(uri?: string, line?: number): Promise<void> {
    if (!uri) {
      return;
    }
    const target = vscode.Uri.parse(uri);
    const document = await vscode.workspace.openTextDocument(target);
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
    const editor = await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, preview: false });
    if (line && line >= 1 && line <= document.lineCount) {
      const range = document.lineAt(line - 1).range;
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    }
  }

  private async showExplanation(rule: string, markdown: string): Promise<void> {
    let body: string;
    try {
      body = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
      if (typeof body !== 'string') {
        throw new Error('no HTML');
      }
    } catch {
      body = `<pre>${escapeHtml(markdown)}</pre>`;
    }
    const panel = this.panel('explanation', `casenote: ${rule}`);
    panel.webview.html = explanationPage(rule, body, panel.webview.cspSource);
    panel.reveal(panel.viewColumn, true);
  }

  /** Shows what the server drew of a record (a genogram's SVG, a chronology's page). */
  private showRecordPanel(kind: RecordPanel, uri: string, result: unknown, reveal = true): void {
    const answer = result as { svg?: unknown; html?: unknown } | null;
    const name = decodeURIComponent(uri.split('/').pop() ?? uri);
    const title = `${RECORD_PANELS[kind].title}: ${name}`;
    const svg = kind === 'genogram' && typeof answer?.svg === 'string' ? answer.svg : undefined;
    const html = kind === 'chronology' && typeof answer?.html === 'string' ? answer.html : undefined;
    if (svg === undefined && html === undefined) {
      return;
    }
    const panel = this.panel(kind, title);
    if (html !== undefined) {
      this.chronologies.set(uri, answer as ChronologyAnswer);
    }
    panel.webview.html =
      svg !== undefined ? genogramPage(name, svg, panel.webview.cspSource) : chronologyPage(html ?? '', nonce());
    this.panelUris.set(kind, uri);
    if (kind === 'genogram') {
      void markDone(DONE_GENOGRAM);
    }
    if (reveal) {
      panel.reveal(panel.viewColumn, true);
    }
  }

  /** Redraws the record panels showing `document` a moment after it is edited. */
  private recordEdited(document: vscode.TextDocument): void {
    const client = this.client;
    if (!client) {
      return;
    }
    const uri = client.code2ProtocolConverter.asUri(document.uri);
    for (const kind of Object.keys(RECORD_PANELS) as RecordPanel[]) {
      if (this.panelUris.get(kind) !== uri || !this.panels.has(kind)) {
        continue;
      }
      clearTimeout(this.redrawTimers.get(kind));
      this.redrawTimers.set(
        kind,
        setTimeout(() => {
          client.sendRequest(ExecuteCommandRequest.type, { command: RECORD_PANELS[kind].command, arguments: [uri] }).then(
            (result) => this.showRecordPanel(kind, uri, result, false),
            // A record half typed may have nothing to draw: keep the last picture.
            () => undefined,
          );
        }, 400),
      );
    }
  }

  /** The record being worked on: the active editor's, else a visible one (from the walkthrough page). */
  private recordEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && this.isRecord(active.document)) {
      return active;
    }
    return vscode.window.visibleTextEditors.find((e) => this.isRecord(e.document)) ?? active;
  }

  private async recordPanelCommand(kind: RecordPanel): Promise<void> {
    const editor = this.recordEditor();
    if (!editor || !this.isRecord(editor.document)) {
      void vscode.window.showWarningMessage(RECORD_PANELS[kind].missing);
      return;
    }
    const client = this.runningClient();
    if (!client) {
      return;
    }
    const uri = client.code2ProtocolConverter.asUri(editor.document.uri);
    try {
      const result = await client.sendRequest(ExecuteCommandRequest.type, {
        command: RECORD_PANELS[kind].command,
        arguments: [uri],
      });
      this.showRecordPanel(kind, uri, result);
    } catch (error) {
      void vscode.window.showWarningMessage(`casenote: ${error instanceof Error ? error.message : String(error)}`);
    }
  }


  /** Reviews the workspace, or one folder (`folder`, from the Explorer). */
  private async reviewWorkspace(folder?: unknown): Promise<void> {
    const client = this.runningClient();
    if (!client) {
      return;
    }
    const only = folder instanceof vscode.Uri ? folder : undefined;
    const args = only ? [client.code2ProtocolConverter.asUri(only)] : [];
    const where = only ? vscode.workspace.asRelativePath(only) : 'the workspace';
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `casenote: reviewing ${where}…` },
      () => client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_REVIEW, arguments: args }),
    );
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const s = (summary ?? {}) as { records?: number; open?: number; findings?: number; unreadable?: number };
    void vscode.window.showInformationMessage(reviewMessage(s));
    this.caseload.refresh();
  }

  /** "casenote: New record": asks for the child, agency, stage and worker. */
  private async newRecord(folder?: unknown): Promise<void> {
    const base = folder instanceof vscode.Uri ? folder : vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!base) {
      void vscode.window.showWarningMessage('casenote: open a folder first: a new record is created in it.');
      return;
    }
    const child = (
      await vscode.window.showInputBox({
        title: 'casenote: New record (1/4)',
        prompt: "The child's full name",
        placeHolder: 'e.g. Jamie Smith',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? "Enter the child's name" : undefined),
      })
    )?.trim();
    if (!child) {
      return;
    }
    const agency = await vscode.window.showQuickPick(
      AGENCIES.map((id) => ({ label: AGENCY_NAMES[id], description: id, id })),
      { title: 'casenote: New record (2/4)', placeHolder: 'Agency', ignoreFocusOut: true },
    );
    if (!agency) {
      return;
    }
    const stages = await vscode.window.showQuickPick(
      STAGES.map((id) => ({ label: id })),
      { title: 'casenote: New record (3/4)', placeHolder: 'Stage (pick any that apply, or none)', canPickMany: true, ignoreFocusOut: true },
    );
    if (!stages) {
      return;
    }
    const worker = (
      await vscode.window.showInputBox({
        title: 'casenote: New record (4/4)',
        prompt: 'The allocated worker (name, role)',
        placeHolder: 'e.g. Amira Patel, social worker',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? "Enter the worker's name" : undefined),
      })
    )?.trim();
    if (!worker) {
      return;
    }
    const text = newRecordText({ child, agency: agency.id, stages: stages.map((s) => s.label), worker }, today());
    // Never overwrite: jamie-smith.md, jamie-smith-2.md, …
    const name = recordFileName(child);
    let target = vscode.Uri.joinPath(base, name);
    for (let n = 2; await exists(target); n++) {
      target = vscode.Uri.joinPath(base, name.replace(/\.md$/, `-${n}.md`));
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    const document = await vscode.workspace.openTextDocument(target);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    const last = document.lineAt(document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(last, last);
    editor.revealRange(new vscode.Range(last, last));
  }

  /** The walkthrough's example record, written into the workspace and opened. */
  private async openExample(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const example = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'example-record.md');
    if (!folder) {
      // No folder: shown read-only-ish, unchecked (records are checked in a workspace).
      const document = await vscode.workspace.openTextDocument(example);
      await vscode.window.showTextDocument(document);
      void vscode.window.showInformationMessage('casenote: open a folder to have records checked; this example is shown as it is.');
      return;
    }
    const dir = vscode.Uri.joinPath(folder, 'casenote-example');
    const target = vscode.Uri.joinPath(dir, 'jamie-example.md');
    if (!(await exists(target))) {
      await vscode.workspace.fs.createDirectory(dir);
      await vscode.workspace.fs.copy(example, target);
    }
    if (!(await this.hasConfigFile())) {
      // Records are checked where a casenote.toml says so.
      await vscode.workspace.fs.writeFile(
        vscode.Uri.joinPath(dir, 'casenote.toml'),
        new TextEncoder().encode('# casenote configuration (defaults): see `casenote explain`.\n'),
      );
    }
    const document = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(document, { preview: false });
  }

  /** Writes the supervisor report of the workspace and shows it beside. */
  private async openReport(): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    if (folders.length === 0) {
      void vscode.window.showWarningMessage('casenote: open a folder of records to see their report.');
      return;
    }
    const config = vscode.workspace.getConfiguration('casenote');
    const discovery = findServer(
      config.get<string>('server.path'),
      processEnvironment(folders[0], this.context.extensionPath),
    );
    if (!discovery.ok) {
      void this.showServerProblem(discovery);
      return;
    }
    const storage = this.context.globalStorageUri.fsPath;
    const out = `${storage}/casenote-report.html`;
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { execFile } = require('child_process') as typeof import('child_process');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const fs = require('fs') as typeof import('fs');
    fs.mkdirSync(storage, { recursive: true });
    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'casenote: writing the supervisor report…' },
      () =>
        new Promise<string | undefined>((resolve) =>
          execFile(discovery.command, ['report', ...folders, '-o', out, '--force'], { cwd: folders[0] }, (error, _stdout, stderr) => {
            if (error) {
              this.output.appendLine(`casenote report: ${stderr || error.message}`);
              resolve(undefined);
            } else {
              resolve(fs.readFileSync(out, 'utf8'));
            }
          }),
        ),
    );
    if (written === undefined) {
      void vscode.window.showErrorMessage('casenote: the report could not be written (see the casenote log).', 'Show Log').then(
        (choice) => choice && this.output.show(true),
      );
      return;
    }
    const panel = this.panel('report', 'casenote: supervisor report');
    panel.webview.html = written;
    panel.reveal(panel.viewColumn, false);
  }

  private async toggleTraining(): Promise<void> {
    const config = vscode.workspace.getConfiguration('casenote');
    const on = config.get<boolean>('training', false);
    await config.update('training', !on, vscode.ConfigurationTarget.Global);
    void vscode.window.setStatusBarMessage(`casenote: training mode ${on ? 'off' : 'on'}`, 3000);
  }

  /** "Show chronology" on a row of the Caseload view: opens the record, then its chronology. */
  private async caseloadChronology(row?: CaseloadRow): Promise<void> {
    if (row?.uri) {
      await this.openAt(row.uri);
    }
    await this.recordPanelCommand('chronology');
  }

  /**
   * Marks the walkthrough's steps "apply a quick fix" and "add wishes and
   * feelings" done when an open record loses a finding, or a
   * `missing-wishes-feelings` one.
   */
  private noticeWishes(uris: readonly vscode.Uri[]): void {
    for (const uri of uris) {
      const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'casenote');
      const now = {
        all: ours.length,
        wishes: ours.filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'missing-wishes-feelings').length,
      };
      const before = this.counted.get(uri.toString());
      const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
      if (before && open && now.all < before.all) {
        void markDone(DONE_FIX);
      }
      if (before && open && now.wishes < before.wishes) {
        void markDone(DONE_WISHES);
      }
      this.counted.set(uri.toString(), now);
    }
  }

  /** The running client, for the Caseload view (no warning when there is none). */
  clientIfRunning(): LanguageClient | undefined {
    return this.client && this.client.state === State.Running ? this.client : undefined;
  }

  private async insertEntry(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'markdown') {
      void vscode.window.showWarningMessage('casenote: open a case record (a Markdown file) to insert an entry.');
      return;
    }
    const document = editor.document;
    const text = document.getText();
    const snippet = newEntrySnippet(today(), outline(text));
    // Entries are written oldest first: the new one goes at the end.
    const end = document.lineAt(document.lineCount - 1).range.end;
    const separator = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    await editor.insertSnippet(new vscode.SnippetString(separator.replace(/\$/g, '\\$') + snippet), end);
    editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.AtTop);
  }

  /** The status bar item's menu. */
  private async statusClicked(): Promise<void> {
    if (!this.client) {
      if (this.idle.reason === 'no-server') {
        await this.showServerProblem(this.idle.discovery);
      } else {
        this.output.show(true);
      }
      return;
    }
    const editor = vscode.window.activeTextEditor;
    const found = editor
      ? [
          ...new Set(
            vscode.languages
              .getDiagnostics(editor.document.uri)
              .filter((d) => d.source === 'casenote')
              .map((d) => String(typeof d.code === 'object' ? d.code.value : (d.code ?? ''))),
          ),
        ].filter((id) => id !== '')
      : [];
    const training = vscode.workspace.getConfiguration('casenote').get<boolean>('training', false);
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [
      { label: '$(warning) Show problems', detail: 'The Problems panel: this record\'s findings', run: () => vscode.commands.executeCommand('workbench.actions.view.problems') },
      ...found.map((id) => ({ label: `$(book) Explain ${id}`, detail: 'Found in this record', run: () => this.explainCommand(id) })),
      { label: '$(file-text) Open the supervisor report', detail: 'Every record of the workspace: status, needs attention, per practitioner', run: () => this.openReport() },
      {
        label: `$(mortar-board) Training mode: ${training ? 'on (turn off)' : 'off (turn on)'}`,
        detail: 'Longer messages that teach the recording principle',
        run: () => this.toggleTraining(),
      },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'casenote', placeHolder: 'casenote: what would you like to do?' });
    await picked?.run();
  }

  // --- Status bar -----------------------------------------------------------

  private isRecord(document: vscode.TextDocument): boolean {
    return this.selector.length > 0 && vscode.languages.match(this.selector, document) > 0;
  }

  private updateStatus(): void {
    const enabled = vscode.workspace.getConfiguration('casenote').get<boolean>('statusBar', true);
    const editor = vscode.window.activeTextEditor;
    if (!enabled || !editor || editor.document.languageId !== 'markdown') {
      this.status.hide();
      return;
    }
    this.status.command = 'casenote.statusClicked';
    if (!this.client || this.client.state === State.Stopped) {
      if (this.idle.reason === 'no-config') {
        this.status.hide();
        return;
      }
      this.status.text = '$(circle-slash) casenote';
      this.status.tooltip =
        this.idle.reason === 'no-server' ? `${this.idle.discovery.message} ${this.idle.discovery.fix}` : 'casenote: the server is not running';
      this.status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.status.show();
      return;
    }
    this.status.backgroundColor = undefined;
    let counts: Counts | undefined;
    const record = this.isRecord(editor.document);
    void vscode.commands.executeCommand('setContext', 'casenote.activeRecord', record);
    if (record) {
      counts = { error: 0, warning: 0, info: 0, hint: 0 };
      for (const d of vscode.languages.getDiagnostics(editor.document.uri)) {
        if (d.source !== 'casenote') {
          continue;
        }
        switch (d.severity) {
          case vscode.DiagnosticSeverity.Error:
            counts.error++;
            break;
          case vscode.DiagnosticSeverity.Warning:
            counts.warning++;
            break;
          case vscode.DiagnosticSeverity.Information:
            counts.info++;
            break;
          default:
            counts.hint++;
        }
      }
    }
    const { text, tooltip } = statusText(counts);
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.show();
  }
}

/**
 * Sets a walkthrough context key. The Welcome page reacts to a change of
 * the key, so it is set false first: a step done again (or before the
 * page was first shown) is then seen too.
 */
async function markDone(key: string): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, false);
  await vscode.commands.executeCommand('setContext', key, true);
}

/** A nonce for a webview's script. */
function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 32; i++) {
    out += chars.charAt(Math.floor(Math.random() * chars.length));
  }
  return out;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

type CaseloadNode = { row: CaseloadRow } | { row: CaseloadRow; attention: CaseloadRow['attention'][number] };

const STATUS_COLOURS: Record<CaseloadRow['status'], string> = {
  red: 'charts.red',
  amber: 'charts.yellow',
  green: 'charts.green',
};
const STATUS_ICONS: Record<CaseloadRow['status'], string> = { red: 'error', amber: 'warning', green: 'pass' };

/**
 * The Caseload view (Explorer): the workspace's records with their status,
 * findings and days since the child was seen, from `casenote/caseload`;
 * under each record, what needs attention.
 */
class CaseloadView implements vscode.TreeDataProvider<CaseloadNode> {
  private readonly changed = new vscode.EventEmitter<CaseloadNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private sort: SortKey = 'status';
  private rows: CaseloadRow[] | undefined;
  private view: vscode.TreeView<CaseloadNode> | undefined;

  constructor(private readonly owner: { clientIfRunning(): LanguageClient | undefined }) {}

  attach(view: vscode.TreeView<CaseloadNode>): vscode.TreeView<CaseloadNode> {
    this.view = view;
    return view;
  }

  refresh(): void {
    this.rows = undefined;
    this.changed.fire(undefined);
  }

  async chooseSort(): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      SORT_KEYS.map((k) => ({ label: k.label, key: k.key, picked: k.key === this.sort })),
      { title: 'casenote: sort the caseload by' },
    );
    if (picked) {
      this.sort = picked.key;
      this.refresh();
    }
  }

  getTreeItem(node: CaseloadNode): vscode.TreeItem {
    if ('attention' in node) {
      const item = new vscode.TreeItem(node.attention.summary, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('circle-small-filled', new vscode.ThemeColor(STATUS_COLOURS[node.attention.status]));
      item.description = node.attention.status;
      item.command = { title: 'Open', command: 'casenote.caseload.open', arguments: [node.row.uri, node.attention.line] };
      return item;
    }
    const row = node.row;
    const item = new vscode.TreeItem(
      row.label,
      row.attention.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(STATUS_ICONS[row.status], new vscode.ThemeColor(STATUS_COLOURS[row.status]));
    item.contextValue = 'casenote.record';
    item.accessibilityInformation = { label: `${row.label}: ${row.description}` };
    item.command = { title: 'Open', command: 'casenote.caseload.open', arguments: [row.uri] };
    return item;
  }

  async getChildren(node?: CaseloadNode): Promise<CaseloadNode[]> {
    if (node) {
      return 'attention' in node ? [] : node.row.attention.map((attention) => ({ row: node.row, attention }));
    }
    const client = this.owner.clientIfRunning();
    if (!client) {
      if (this.view) {
        this.view.message = 'casenote is not running in this workspace.';
      }
      return [];
    }
    if (!this.rows) {
      try {
        // No parameters (the server refuses `[null]`).
        const answer = await client.sendRequest<CaseloadAnswer>(CASELOAD_REQUEST);
        this.rows = caseloadRows(answer, this.sort);
      } catch (error) {
        if (this.view) {
          this.view.message = `casenote: ${error instanceof Error ? error.message : String(error)}`;
        }
        return [];
      }
    }
    if (this.view) {
      this.view.message = caseloadSummary(this.rows);
    }
    return this.rows.map((row) => ({ row }));
  }
}
