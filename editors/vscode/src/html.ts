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
  body { background: #fff; color: #000; margin: 0; padding: 1em; }
  svg { max-width: 100%; height: auto; }
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
 * self-contained, with its own content security policy. Scripts are
 * removed all the same: the panel runs none.
 */
export function chronologyPage(html: string): string {
  // The page is drawn for paper: keep its light background in a dark theme.
  const light = '<style>html, body { background: #fff; color: #000; }</style>';
  return html.replace(/<script[\s\S]*?<\/script>/gi, '').replace('</head>', `${light}</head>`);
}
