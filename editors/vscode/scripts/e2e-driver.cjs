// Drives code-server (a real VS Code) in headless Chromium for e2e.sh.
//
// Environment: E2E_URL (the workbench with the workspace folder),
// E2E_WORKSPACE, E2E_ARTIFACTS (screenshots and logs), E2E_PLAYWRIGHT
// (the playwright-core package), E2E_EXPECTED (JSON from `casenote check
// --format json` on the record, with the same CASENOTE_TODAY).
//
// Exits 0 when every check passes; prints one line per check.

'use strict';

const fs = require('fs');
const path = require('path');

const { chromium } = require(process.env.E2E_PLAYWRIGHT);

const URL = process.env.E2E_URL;
const ARTIFACTS = process.env.E2E_ARTIFACTS;
const RECORD = 'jamie-smith-poor.md';
const expected = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, 'expected.json'), 'utf8'));
const expectedReview = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, 'expected-review.json'), 'utf8'));

const say = (message) => console.log(`[driver] ${message}`);
let failures = 0;
function check(ok, message) {
  console.log(`[driver] ${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) {
    failures++;
  }
  return ok;
}

/** The text of a rendered editor line, by its 1-based line number. */
async function lineText(page, line) {
  return page.evaluate((n) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    if (!editor) return null;
    const lineHeight = parseFloat(getComputedStyle(editor.querySelector('.view-lines')).lineHeight) || 0;
    // Monaco positions each line absolutely: `top` = (n - 1) * lineHeight - scrollTop.
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
    const number = numbers.find((el) => el.textContent.trim() === String(n));
    if (!number) return null;
    const top = number.closest('[style*="top"]')?.style.top ?? number.parentElement.style.top;
    const view = [...editor.querySelectorAll('.view-lines .view-line')].find((el) => el.style.top === top);
    return view ? view.textContent.replace(/\u00a0/g, ' ') : null;
  }, line);
}

/** The line of the genogram block in examples/jamie-smith-improved.md. */
const GENOGRAM_LINE =
  fs
    .readFileSync(path.join(__dirname, '../../../examples/jamie-smith-improved.md'), 'utf8')
    .split('\n')
    .findIndex((line) => line.startsWith('```genogram')) + 1;

/** The line of the first heading in examples/jamie-smith-improved.md (its "Show chronology" lens). */
const FIRST_HEADING_LINE =
  fs
    .readFileSync(path.join(__dirname, '../../../examples/jamie-smith-improved.md'), 'utf8')
    .split('\n')
    .findIndex((line) => line.startsWith('#')) + 1;

async function gotoLine(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
}

/** The rule ids shown in the Problems panel, with the panel maximised. */
async function problemRules(page) {
  const rows = await page.evaluate(() =>
    [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((row) => ({
      source: row.querySelector('.marker-source')?.textContent.trim() ?? '',
      code: row.querySelector('.marker-code')?.textContent.trim() ?? '',
    })),
  );
  return rows.filter((row) => row.source === 'casenote' && row.code !== '').map((row) => row.code);
}

/** Maximises (or restores) the panel with its own title-bar button. */
async function togglePanelSize(page) {
  const labels = await page.evaluate(() =>
    [...document.querySelectorAll('.part.panel .action-label')].map((a) => a.getAttribute('aria-label') || a.title || ''),
  );
  const label = labels.find((l) => /maximi[sz]e|restore/i.test(l));
  if (!label) {
    throw new Error(`no maximise button in the panel; its actions: ${labels.join(' | ')}`);
  }
  await page.locator(`.part.panel .action-label[aria-label="${label}"]`).first().click();
  await page.waitForTimeout(1000);
}

async function quickFix(page, line, column, title) {
  await gotoLine(page, line, column);
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await item.waitFor({ state: 'visible', timeout: 20000 });
  const offered = await page.locator('.action-widget .monaco-list-row').allTextContents();
  say(`quick fixes offered at ${line}:${column}: ${offered.map((t) => t.trim()).filter(Boolean).join(' | ')}`);
  await item.click();
  await page.waitForTimeout(800);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(60000);
  const consoleLog = [];
  page.on('console', (m) => consoleLog.push(`${m.type()}: ${m.text()}`));
  try {
    say(`opening ${URL}`);
    await page.goto(URL);
    await page.waitForSelector('.monaco-workbench', { timeout: 120000 });

    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: RECORD });
    await row.waitFor({ state: 'visible', timeout: 60000 });
    await row.dblclick();
    await page.waitForSelector('.editor-instance .monaco-editor .view-lines', { timeout: 60000 });
    say(`opened ${RECORD}; waiting for diagnostics`);
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 120000 });
    check(true, 'squiggles appear in the editor');

    // (a) The Problems panel lists what `casenote check` finds.
    await page.locator('.editor-instance .monaco-editor .view-lines').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 30000 });
    await togglePanelSize(page);
    const shown = (await problemRules(page)).sort();
    // VS Code's Problems panel leaves out hints (they show as dots in the editor).
    const wanted = expected.filter((f) => f.severity !== 'hint').map((f) => f.rule).sort();
    check(
      JSON.stringify(shown) === JSON.stringify(wanted),
      `Problems panel: ${shown.length} casenote findings, those \`casenote check\` finds (${wanted.length}, hints aside)`,
    );
    if (shown.join() !== wanted.join()) {
      say(`  shown:  ${shown.join(', ')}`);
      say(`  wanted: ${wanted.join(', ')}`);
    }
    for (const rule of ['unlabelled-opinion', 'unlabelled-hypothesis', 'missing-wishes-feelings', 'vague-language']) {
      check(shown.includes(rule), `Problems panel lists ${rule}`);
    }
    await togglePanelSize(page);

    // (d) The status bar counts this record's findings.
    const status = await page.locator('.statusbar-item', { hasText: 'casenote' }).first().textContent();
    check(status.includes(`casenote: ${expected.length}`), `status bar item reads "${status.trim()}"`);

    await gotoLine(page, 20, 1);
    await page.mouse.move(150, 500);
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(ARTIFACTS, 'problems.png') });
    say('screenshot problems.png');

    // (b) Hovering over a flagged sentence shows the rule's explanation.
    const flagged = expected.find((f) => f.rule === 'unlabelled-opinion' && f.message.includes('"seemed"'));
    const line = flagged.range.start.line;
    const column = flagged.range.start.column;
    const text = await lineText(page, line);
    check(text !== null && text.includes('seemed'), `line ${line} is rendered: ${JSON.stringify(text)}`);
    const span = page.locator('.editor-instance .view-line span', { hasText: 'seemed' }).first();
    const box = await span.boundingBox();
    const spanText = (await span.textContent()).replace(/\u00a0/g, ' ');
    const at = spanText.indexOf('seemed') + 3;
    await page.mouse.move(box.x + (box.width * at) / spanText.length, box.y + box.height / 2);
    let hover = page.locator('.monaco-hover:visible', { hasText: 'What it checks' }).first();
    try {
      await hover.waitFor({ state: 'visible', timeout: 15000 });
      say('hover shown by moving the mouse over "seemed"');
    } catch {
      say('no hover from the mouse; showing it from the keyboard (Ctrl+K Ctrl+I)');
      await gotoLine(page, line, column + 3);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      hover = page.locator('.monaco-hover:visible', { hasText: 'What it checks' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15000 });
    }
    const hoverText = await hover.textContent();
    check(hoverText.includes('unlabelled-opinion'), 'hover names the rule unlabelled-opinion');
    check(hoverText.includes('"seemed" states an impression'), 'hover gives the finding\'s message');
    check(/Principle/.test(hoverText) && /How to fix/.test(hoverText), 'hover explains the principle and how to fix');
    await page.screenshot({ path: path.join(ARTIFACTS, 'hover.png') });
    say('screenshot hover.png');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // (c) Quick fixes change the text as intended.
    const mum = expected.find((f) => f.rule === 'vague-language' && f.message.includes('"mum"'));
    await quickFix(page, mum.range.start.line, mum.range.start.column + 1, 'Replace with "mother"');
    const present = await lineText(page, mum.range.start.line);
    check(
      present !== null && present.includes('(mother)') && !present.includes('mum'),
      `"Replace with \\"mother\\"" gives ${JSON.stringify(present)}`,
    );
    const chaotic = expected.find((f) => f.rule === 'unlabelled-opinion' && f.message.includes('"chaotic"'));
    await quickFix(page, chaotic.range.start.line, chaotic.range.start.column + 1, 'Open the sentence with "In my opinion,"');
    const opinion = await lineText(page, chaotic.range.start.line);
    check(
      opinion !== null && /^In my opinion, the home was chaotic\./.test(opinion),
      `"Open the sentence with \\"In my opinion,\\"" gives ${JSON.stringify(opinion && opinion.slice(0, 60))}…`,
    );
    // The findings they fixed are gone once the server has checked again.
    await togglePanelSize(page);
    let after = [];
    for (let i = 0; i < 40; i++) {
      await page.waitForTimeout(250);
      after = await problemRules(page);
      if (after.length > 0 && after.length <= wanted.length - 2) break;
    }
    const count = (rule) => after.filter((r) => r === rule).length;
    const before = (rule) => expected.filter((f) => f.rule === rule).length;
    check(
      count('vague-language') === before('vague-language') - 1 && count('unlabelled-opinion') === before('unlabelled-opinion') - 1,
      `after the fixes: vague-language ${before('vague-language')} → ${count('vague-language')}, unlabelled-opinion ${before('unlabelled-opinion')} → ${count('unlabelled-opinion')}`,
    );
    await togglePanelSize(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'quickfix.png') });
    say('screenshot quickfix.png');

    // "casenote: Insert new entry" adds a dated entry at the end.
    await runCommand(page, 'casenote: Insert new entry');
    await page.waitForTimeout(800);
    await page.keyboard.press('Escape');
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    const visible = (await page.locator('.editor-instance .view-lines .view-line').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
    check(
      visible.some((t) => t.startsWith(`## ${today} 14:00 — Home visit`)) &&
        visible.includes(`Recorded: ${today}`) &&
        visible.includes('Present: Jamie Smith, Sarah Smith, Mark Smith'),
      `Insert new entry adds "## ${today} 14:00 — Home visit" with Recorded and Present`,
    );

    // "casenote: Explain rule…" shows the rule's documentation.
    await runCommand(page, 'casenote: Explain rule');
    const pick = page.locator('.quick-input-widget input');
    await page.waitForTimeout(500);
    await pick.fill('long-sentence');
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    const tab = page.locator('.tab', { hasText: 'casenote: long-sentence' }).first();
    check(await tab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false), 'Explain rule opens "casenote: long-sentence"');
    // The webview fills in after its tab appears: read it until it has, or
    // for at most 15 s (a loaded machine renders Markdown slowly).
    let frameText = '';
    for (let attempt = 0; attempt < 30 && !frameText.includes('What it checks'); attempt++) {
      await page.waitForTimeout(500);
      for (const frame of page.frames()) {
        const body = await frame.evaluate(() => document.body && document.body.classList.contains('casenote-explanation') ? document.body.innerText : null).catch(() => null);
        if (body) frameText = body;
      }
    }
    check(frameText.includes('What it checks'), 'the explanation view shows the rule\'s documentation');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explain.png') });
    say('screenshot explain.png');

    // "casenote: Review workspace" publishes the findings of records not open.
    await page.locator('.tab', { hasText: RECORD }).first().click();
    await page.waitForTimeout(300);
    await runCommand(page, 'casenote: Review workspace');
    const reviewed = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'casenote: reviewed' }).first();
    const toast = await reviewed.waitFor({ state: 'visible', timeout: 30000 }).then(() => reviewed.textContent(), () => '');
    check(toast.includes(`reviewed 3 records`) && toast.includes(`: ${expectedReview.length} findings in the 2 records not open`), `review: ${JSON.stringify(toast.trim())}`);
    await togglePanelSize(page);
    const files = await page.evaluate(() =>
      [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((row) => row.getAttribute('aria-label') || ''),
    );
    const decisions = (await problemRules(page)).filter((r) => r === 'unendorsed-decision').length;
    const wantedDecisions =
      expectedReview.filter((f) => f.rule === 'unendorsed-decision').length +
      expected.filter((f) => f.rule === 'unendorsed-decision').length;
    check(
      files.some((label) => label.includes('decisions-poor.md')) && decisions === wantedDecisions,
      `Problems panel after the review lists decisions-poor.md, and ${decisions} unendorsed-decision findings (${wantedDecisions} expected)`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'review.png') });
    say('screenshot review.png');
    await togglePanelSize(page);

    // The "Show genogram" code lens above a genogram block draws it.
    const improved = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'jamie-smith-improved.md' });
    await improved.dblclick();
    // The lens is drawn only when its line is on screen: go to the block
    // (the "Show chronology" lens on the first heading moves it down).
    await page.waitForTimeout(1000);
    await gotoLine(page, GENOGRAM_LINE, 1);
    const lens = page.locator('.contentWidgets .codelens-decoration a, .codelens-decoration a', { hasText: 'Show genogram' }).first();
    check(await lens.waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false), 'the "Show genogram" code lens appears');
    await lens.click();
    const genogramTab = page.locator('.tab', { hasText: 'Genogram: jamie-smith-improved.md' }).first();
    check(await genogramTab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false), 'it opens "Genogram: jamie-smith-improved.md"');
    await page.waitForTimeout(1500);
    let svgText = '';
    for (const frame of page.frames()) {
      const text = await frame
        .evaluate(() => (document.body && document.body.classList.contains('casenote-genogram') ? document.querySelector('svg')?.textContent ?? '' : null))
        .catch(() => null);
      if (text) svgText = text;
    }
    check(svgText.includes('Jamie Smith') && svgText.includes('Sarah Smith'), 'the genogram picture names Jamie Smith and Sarah Smith');
    await page.screenshot({ path: path.join(ARTIFACTS, 'genogram.png') });
    say('screenshot genogram.png');

    // The "Show chronology" lens on the record's first heading opens its
    // chronology beside it.
    await page.locator('.tab', { hasText: 'jamie-smith-improved.md' }).first().click();
    await gotoLine(page, FIRST_HEADING_LINE, 1);
    const chronologyLens = page.locator('.contentWidgets .codelens-decoration a, .codelens-decoration a', { hasText: 'Show chronology' }).first();
    check(await chronologyLens.waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false), 'the "Show chronology" code lens appears');
    await chronologyLens.click();
    const chronologyTab = page.locator('.tab', { hasText: 'Chronology: jamie-smith-improved.md' }).first();
    check(await chronologyTab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false), 'it opens "Chronology: jamie-smith-improved.md"');
    await page.waitForTimeout(1500);
    let chronologyHeading = '';
    for (const frame of page.frames()) {
      const text = await frame.evaluate(() => document.querySelector('h1')?.textContent ?? null).catch(() => null);
      if (text && text.startsWith('Chronology')) chronologyHeading = text;
    }
    check(chronologyHeading === 'Chronology: Jamie Smith', `the chronology panel shows "${chronologyHeading}" (expected "Chronology: Jamie Smith")`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chronology.png') });
    say('screenshot chronology.png');

    // A settings change reaches the server: vague-language turned off in
    // the workspace settings (.vscode/settings.json, as a team would share).
    const settingsDir = path.join(process.env.E2E_WORKSPACE, '.vscode');
    fs.mkdirSync(settingsDir, { recursive: true });
    fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'casenote.rules': { 'vague-language': 'off' } }, null, 2));
    await page.locator('.tab', { hasText: RECORD }).first().click();
    await togglePanelSize(page);
    let vague = -1;
    for (let i = 0; i < 60; i++) {
      await page.waitForTimeout(250);
      vague = (await problemRules(page)).filter((r) => r === 'vague-language').length;
      if (vague === 0) break;
    }
    check(vague === 0, `after setting casenote.rules {"vague-language": "off"}: ${vague} vague-language findings`);
    await togglePanelSize(page);
  } catch (error) {
    failures++;
    console.error(`[driver] FAIL ${error && error.stack ? error.stack : error}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'failure.png') }).catch(() => {});
  } finally {
    fs.writeFileSync(path.join(ARTIFACTS, 'browser-console.log'), consoleLog.join('\n'));
    await browser.close();
  }
  say(failures === 0 ? 'all checks passed' : `${failures} check(s) failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
