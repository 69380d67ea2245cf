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

import { chronologyPage, escapeHtml, explanationPage, genogramPage } from './html';
import { CONFIG_NAMES, type Counts, newEntrySnippet, outline, recordPatterns, reviewMessage, statusText } from './records';
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
      vscode.languages.onDidChangeDiagnostics(() => this.updateStatus()),
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
    const discovery = findServer(config.get<string>('server.path'), processEnvironment(folders[0]));
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
        executeCommand: async (command, args, next) => {
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
      this.updateStatus();
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
      const doc = await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_EXPLAIN, arguments: [rule] });
      if (typeof doc === 'string') {
        await this.showExplanation(rule, doc);
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`casenote: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A webview panel of `kind`, created once and reused. */
  private panel(kind: string, title: string): vscode.WebviewPanel {
    let panel = this.panels.get(kind);
    if (!panel) {
      panel = vscode.window.createWebviewPanel(
        `casenote.${kind}`,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableFindWidget: true, localResourceRoots: [] },
      );
      panel.onDidDispose(() => this.panels.delete(kind));
      this.panels.set(kind, panel);
    }
    panel.title = title;
    return panel;
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
    panel.reveal(vscode.ViewColumn.Beside, true);
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
    panel.webview.html =
      svg !== undefined ? genogramPage(name, svg, panel.webview.cspSource) : chronologyPage(html ?? '');
    this.panelUris.set(kind, uri);
    if (reveal) {
      panel.reveal(vscode.ViewColumn.Beside, true);
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

  private async recordPanelCommand(kind: RecordPanel): Promise<void> {
    const editor = vscode.window.activeTextEditor;
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


  private async reviewWorkspace(): Promise<void> {
    const client = this.runningClient();
    if (!client) {
      return;
    }
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'casenote: reviewing the workspace…' },
      () => client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_REVIEW, arguments: [] }),
    );
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const s = (summary ?? {}) as { records?: number; open?: number; findings?: number; unreadable?: number };
    void vscode.window.showInformationMessage(reviewMessage(s));
  }

  private async insertEntry(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'markdown') {
      void vscode.window.showWarningMessage('casenote: open a case record (a Markdown file) to insert an entry.');
      return;
    }
    const document = editor.document;
    const text = document.getText();
    const snippet = newEntrySnippet(new Date(), outline(text));
    // Entries are written oldest first: the new one goes at the end.
    const end = document.lineAt(document.lineCount - 1).range.end;
    const separator = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    await editor.insertSnippet(new vscode.SnippetString(separator.replace(/\$/g, '\\$') + snippet), end);
    editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async statusClicked(): Promise<void> {
    if (this.client) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    } else if (this.idle.reason === 'no-server') {
      await this.showServerProblem(this.idle.discovery);
    } else {
      this.output.show(true);
    }
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
    if (this.isRecord(editor.document)) {
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
