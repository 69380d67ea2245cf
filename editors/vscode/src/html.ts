// The page of the "Explain rule" webview. Pure.

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * A complete page around the rendered documentation. No scripts run; the
 * content security policy allows only inline styles and the webview's own
 * resources.
 */
export function explanationPage(rule: string, bodyHtml: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'unsafe-inline' ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>casenote: ${escapeHtml(rule)}</title>
<style>
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); line-height: 1.5;
         color: var(--vscode-foreground); max-width: 52em; padding: 0 1.2em 2em; }
  code, pre { font-family: var(--vscode-editor-font-family); }
  pre { background: var(--vscode-textCodeBlock-background); padding: 0.6em 0.8em; overflow-x: auto; white-space: pre-wrap; }
  h1, h2 { border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.2em; }
  blockquote { border-left: 3px solid var(--vscode-textBlockQuote-border); margin-left: 0; padding-left: 1em; }
  a { color: var(--vscode-textLink-foreground); }
</style>
</head>
<body class="casenote-explanation" data-rule="${escapeHtml(rule)}">
<h1><code>${escapeHtml(rule)}</code></h1>
${bodyHtml}
</body>
</html>
`;
}

/**
 * A page showing a genogram picture (SVG made by `casenote server` from the
 * record's genogram block). No scripts run.
 */
export function genogramPage(name: string, svg: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'unsafe-inline' ${cspSource};">
<title>Genogram: ${escapeHtml(name)}</title>
<style>
  /* The whole picture, key included, scaled to the panel (the SVG has a viewBox). */
  html, body { height: 100%; }
  body { background: #fff; color: #000; margin: 0; padding: 0.5em; box-sizing: border-box; overflow: auto; }
  svg { display: block; width: 100%; height: 100%; max-height: calc(100vh - 1em); }
</style>
</head>
<body class="casenote-genogram">
${svg.replace(/<script[\s\S]*?<\/script>/gi, '')}
</body>
</html>
`;
}

/**
 * The chronology page the server made (`casenote.showChronology`): already
 * self-contained, with its own content security policy. Its scripts are
 * removed; the panel adds one of its own (allowed by `nonce`) that reports
 * a click on an event (a mark on the time axis or a row of the table) as
 * `{row: "row-N-I"}`, so that the extension can go to its entry.
 */
export function chronologyPage(html: string, nonce?: string): string {
  // The page is drawn for paper: keep its light background in a dark theme.
  const light =
    '<style>html, body { background: #fff; color: #000; } tr[id^="row-"] { cursor: pointer; } tr[id^="row-"]:hover { background: #eef3fb; }</style>';
  let page = html.replace(/<script[\s\S]*?<\/script>/gi, '').replace('</head>', `${light}</head>`);
  if (nonce) {
    page = page.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)"/i, (_m, head: string, policy: string) => `${head}${policy}; script-src 'nonce-${nonce}'"`);
    const script = `<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="#row-"]');
  const row = event.target.closest('tr[id^="row-"]');
  const id = link ? link.getAttribute('href').slice(1) : row ? row.id : null;
  if (id) { vscode.postMessage({ row: id }); }
});
</script>`;
    page = page.replace('</body>', `${script}</body>`);
  }
  return page;
}

/** What the panel reads of the server's chronology answer. */
export interface ChronologyAnswer {
  chronology?: { chronologies?: { events?: { line?: number; source?: string }[]; unconfirmed?: { line?: number; source?: string }[] }[] };
}

/**
 * The 1-based line of the entry behind row `row-N-I` of the page: the I-th
 * of chronology N's confirmed events followed by its unconfirmed ones (the
 * table's order).
 */
export function chronologyLine(answer: ChronologyAnswer | undefined, rowId: string): number | undefined {
  const m = /^row-(\d+)-(\d+)$/.exec(rowId);
  if (!m) {
    return undefined;
  }
  const chronology = answer?.chronology?.chronologies?.[Number(m[1])];
  const rows = [...(chronology?.events ?? []), ...(chronology?.unconfirmed ?? [])];
  const line = rows[Number(m[2])]?.line;
  return typeof line === 'number' && line >= 1 ? line : undefined;
}
