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
const expectedChronology = JSON.parse(fs.readFileSync(path.join(ARTIFACTS, 'expected-chronology.json'), 'utf8'));
/** The date the server and the editor run at (CASENOTE_TODAY); the browser's clock is pinned to it too. */
const TODAY = process.env.E2E_TODAY;
const WORKSPACE = process.env.E2E_WORKSPACE;

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

/**
 * The rule ids shown in the Problems panel, with the panel maximised. The
 * list draws only the rows on screen (findings with related information
 * take several), so it is scrolled to the end, row by row.
 */
async function problemRules(page) {
  return (await problemRows(page)).filter((row) => row.source === 'casenote' && row.code !== '').map((row) => row.code);
}

/** Every row of the Problems panel (files, findings, related places), scrolled through. */
async function problemRows(page) {
  const rows = new Map();
  const list = page.locator('.markers-panel .monaco-list').first();
  const box = await list.boundingBox().catch(() => null);
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // Back to the top first.
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -2000);
    await page.waitForTimeout(100);
  }
  for (let step = 0; step < 60; step++) {
    const seen = await page.evaluate(() =>
      [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((row) => ({
        index: row.getAttribute('data-index'),
        source: row.querySelector('.marker-source')?.textContent.trim() ?? '',
        code: row.querySelector('.marker-code')?.textContent.trim() ?? '',
        label: row.getAttribute('aria-label') || '',
      })),
    );
    const before = rows.size;
    for (const row of seen) rows.set(row.index, row);
    if (!box || (step > 0 && rows.size === before)) break;
    await page.mouse.wheel(0, Math.max(100, box.height - 40));
    await page.waitForTimeout(150);
  }
  return [...rows.values()];
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
  // The menu can miss a key press while the record is checked again: once more.
  if (!(await item.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false))) {
    say(`no quick fix menu at ${line}:${column}; asking again`);
    await page.keyboard.press('Escape');
    await gotoLine(page, line, column);
    await page.keyboard.press('Control+.');
    await item.waitFor({ state: 'visible', timeout: 20000 });
  }
  const offered = await page.locator('.action-widget .monaco-list-row').allTextContents();
  say(`quick fixes offered at ${line}:${column}: ${offered.map((t) => t.trim()).filter(Boolean).join(' | ')}`);
  await item.click();
  await page.waitForTimeout(800);
}

/** The texts of the toasts on screen. */
async function toasts(page) {
  return (await page.locator('.notifications-toasts .notification-list-item-message').allTextContents()).map((t) => t.trim());
}

/** The 1-based lines (of the first screen of the active editor) that carry a squiggle. */
async function squiggledLines(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const lineHeight = parseFloat(getComputedStyle(editor.querySelector('.view-lines')).lineHeight);
    const lines = new Set();
    for (const squiggle of editor.querySelectorAll('.view-overlays [class*="squiggly-"]')) {
      const top = parseFloat(squiggle.parentElement.style.top);
      lines.add(Math.round(top / lineHeight) + 1);
    }
    return [...lines].sort((a, b) => a - b);
  });
}

/** Whether rendered line `n` (1-based) of the active editor carries a squiggle. */
async function lineHasSquiggle(page, n) {
  return page.evaluate((line) => {
    const editor = document.querySelector('.editor-instance .monaco-editor');
    const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((el) => el.textContent.trim() === String(line));
    if (!number) return null;
    const top = (number.closest('[style*="top"]') ?? number.parentElement).style.top;
    return [...editor.querySelectorAll('.view-overlays [class*="squiggly-"]')].some((s) => s.parentElement.style.top === top);
  }, n);
}

/**
 * `frame.evaluate(fn, arg)`, or null after `ms`: a frame that is going
 * away (a webview being replaced) can leave an evaluation unanswered, and
 * Playwright sets no time limit on it; one such frame hung a whole run.
 */
function evaluateIn(frame, fn, arg, ms = 3000) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  const answer = frame.evaluate(fn, arg).catch(() => null);
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** The body text of the webview whose <body> has `className`, or ''. */
async function webviewText(page, className, timeoutMs = 15000) {
  for (let waited = 0; waited <= timeoutMs; waited += 500) {
    for (const frame of page.frames()) {
      const text = await evaluateIn(
        frame,
        (c) => (document.body && document.body.classList.contains(c) ? document.body.innerText : null),
        className,
      );
      if (text) return text;
    }
    await page.waitForTimeout(500);
  }
  return '';
}

/** The frame of the webview whose document satisfies `test` (a function source run in it). */
async function webviewFrame(page, test, timeoutMs = 15000) {
  for (let waited = 0; waited <= timeoutMs; waited += 500) {
    for (const frame of page.frames()) {
      if (await evaluateIn(frame, test)) return frame;
    }
    await page.waitForTimeout(500);
  }
  return null;
}

/** "Ln 41, Col 1" of the status bar: the active editor's cursor line. */
async function cursorLine(page) {
  const text = (await page.locator('#status\\.editor\\.selection').first().textContent().catch(() => '')) || '';
  const m = /Ln (\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** Completed steps of the walkthrough page on screen (and each step's state, logged). */
async function walkthroughDone(page) {
  const steps = await page.evaluate(() =>
    [...document.querySelectorAll('.gettingStartedContainer button.getting-started-step')].map(
      (step) => `${(step.getAttribute('data-step-id') || '').split('#').pop()}:${step.querySelector('.codicon-getting-started-step-checked') ? 'done' : 'to do'}`,
    ),
  );
  say(`walkthrough steps: ${steps.join(', ')}`);
  return page.locator('.gettingStartedContainer .codicon-getting-started-step-checked').count();
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
  // The browser's clock starts at the server's date (CASENOTE_TODAY) and
  // runs: Date is shifted in every frame; timers are left alone (VS Code's
  // workbench relies on them).
  const offset = new Date(`${TODAY}T09:00:00`).getTime() - Date.now();
  await page.addInitScript((shift) => {
    const RealDate = Date;
    class PinnedDate extends RealDate {
      constructor(...args) {
        if (args.length === 0) super(RealDate.now() + shift);
        else super(...args);
      }
      static now() {
        return RealDate.now() + shift;
      }
    }
    globalThis.Date = PinnedDate;
  }, offset);
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

    // (d) The status bar counts what the Problems panel lists.
    const status = await page.locator('.statusbar-item', { hasText: 'casenote' }).first().textContent();
    check(status.trim().endsWith(`casenote: ${shown.length}`) && shown.length === wanted.length, `status bar item reads "${status.trim()}", the Problems panel lists ${shown.length}`);

    // Record-level findings mark the opening `---` line only.
    const recordLevel = expected.filter((f) => ['missing-family-composition', 'missing-genogram'].includes(f.rule));
    check(
      recordLevel.length > 0 && recordLevel.every((f) => f.range.start.line === 1 && f.range.end.line === 1),
      `record-level findings (${recordLevel.map((f) => f.rule).join(', ')}) span line 1 only`,
    );
    await gotoLine(page, 1, 1);
    const frontEnd = fs.readFileSync(path.join(WORKSPACE, RECORD), 'utf8').split('\n').indexOf('---', 1) + 1;
    const squiggled = await squiggledLines(page);
    check(
      squiggled.includes(1) && squiggled.every((line) => line === 1 || line > frontEnd),
      `no squiggle inside the front matter (lines 2–${frontEnd}); squiggled lines on screen: ${squiggled.join(', ')}`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'front-matter.png') });
    say('screenshot front-matter.png');

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

    // "casenote: New entry" adds a dated entry at the end.
    await runCommand(page, 'casenote: New entry');
    await page.waitForTimeout(800);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(1200);
    const today = TODAY;
    const visible = (await page.locator('.editor-instance .view-lines .view-line').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
    check(
      visible.some((t) => t.startsWith(`## ${today} 14:00 — Home visit`)) &&
        visible.includes(`Recorded: ${today}`) &&
        visible.includes('Present: Jamie Smith, Sarah Smith, Mark Smith') &&
        visible.includes('Seen alone: yes'),
      `New entry adds "## ${today} 14:00 — Home visit" (the editor's date, pinned to the server's) with Recorded, Present and Seen alone`,
    );
    await page.waitForTimeout(1500);
    const futureDates = (await problemRules(page).catch(() => [])).filter((r) => r === 'invalid-date').length;
    check(futureDates === 0, `no "date in the future" finding after New entry (${futureDates})`);

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
        const body = await evaluateIn(frame, () => document.body && document.body.classList.contains('casenote-explanation') ? document.body.innerText : null);
        if (body) frameText = body;
      }
    }
    check(frameText.includes('What it checks'), 'the explanation view shows the rule\'s documentation');
    const shownToasts = await toasts(page);
    check(!shownToasts.some((t) => t.includes('casenote explain')), `no toast beside the explanation (${JSON.stringify(shownToasts)})`);
    const groups = await page.locator('.editor-group-container').count();
    check(groups === 2, `the explanation opens beside the record (${groups} editor groups)`);
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
    const files = (await problemRows(page)).map((row) => row.label);
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
    // The editor title's button opens it (the lens does the same).
    const button = page.locator('.editor-actions .action-label[aria-label^="Show genogram"]').first();
    check(await button.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false), 'the editor title has a "Show genogram" button');
    check(await page.locator('.editor-actions .action-label[aria-label^="Show chronology"]').first().isVisible(), 'the editor title has a "Show chronology" button');
    await button.click();
    const genogramTab = page.locator('.tab', { hasText: 'Genogram: jamie-smith-improved.md' }).first();
    check(await genogramTab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false), 'it opens "Genogram: jamie-smith-improved.md"');
    await page.waitForTimeout(1500);
    let svgText = '';
    for (const frame of page.frames()) {
      const text = await evaluateIn(frame, () => (document.body && document.body.classList.contains('casenote-genogram') ? document.querySelector('svg')?.textContent ?? '' : null));
      if (text) svgText = text;
    }
    check(svgText.includes('Jamie Smith') && svgText.includes('Sarah Smith'), 'the genogram picture names Jamie Smith and Sarah Smith');
    const genogramFrame = await webviewFrame(page, () => document.body && document.body.classList.contains('casenote-genogram'));
    const fit = genogramFrame
      ? await genogramFrame.evaluate(() => {
          const box = document.querySelector('svg').getBoundingClientRect();
          return { right: box.right, bottom: box.bottom, width: innerWidth, height: innerHeight };
        })
      : null;
    check(
      fit !== null && fit.right <= fit.width + 1 && fit.bottom <= fit.height + 1,
      `the whole genogram (key included) fits its panel: ${JSON.stringify(fit)}`,
    );
    const groupsNow = await page.locator('.editor-group-container').count();
    check(groupsNow === 2, `the genogram opens beside the record, not in a third column (${groupsNow} editor groups)`);
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
      const text = await evaluateIn(frame, () => document.querySelector('h1')?.textContent ?? null);
      if (text && text.startsWith('Chronology')) chronologyHeading = text;
    }
    check(chronologyHeading === 'Chronology: Jamie Smith', `the chronology panel shows "${chronologyHeading}" (expected "Chronology: Jamie Smith")`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chronology.png') });
    say('screenshot chronology.png');
    // Clicking an event goes to its entry in the record.
    const events = expectedChronology.chronologies[0];
    const firstEvent = [...events.events, ...events.unconfirmed][0];
    const chronologyFrame = await webviewFrame(page, () => !!document.querySelector('tr[id="row-0-0"]'));
    if (chronologyFrame) {
      await chronologyFrame.click('tr[id="row-0-0"]');
    }
    let landed = null;
    for (let i = 0; i < 40 && landed !== firstEvent.line; i++) {
      await page.waitForTimeout(250);
      landed = await cursorLine(page);
    }
    check(landed === firstEvent.line, `clicking the first event of the chronology goes to line ${firstEvent.line} of the record (cursor on line ${landed})`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'chronology-jump.png') });
    say('screenshot chronology-jump.png');

    // --- The walkthrough -----------------------------------------------------
    await page.keyboard.press('Control+K');
    await page.keyboard.press('W'); // close all editors: the walkthrough alone
    await page.waitForTimeout(500);
    await runCommand(page, 'Welcome: Open Walkthrough');
    await page.waitForTimeout(800);
    const walkPick = page.locator('.quick-input-widget input');
    await walkPick.fill('Get started with casenote');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get started with casenote' }).first();
    check(await walkthrough.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false), 'the walkthrough "Get started with casenote" opens');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough.png') });
    say('screenshot walkthrough.png');
    const doneAtStart = await walkthroughDone(page);
    // Step 1: the step's link opens the example record.
    // A step's command link on a line of its own is drawn as a button.
    const stepLink = page.locator('.gettingStartedContainer :is(.monaco-button, a[data-href])', { hasText: 'Open the example record' }).first();
    say(`step 1's link: ${await stepLink.evaluate((el) => el.outerHTML.slice(0, 200)).catch((e) => String(e))}`);
    await stepLink.click();
    const exampleTab = page.locator('.tab', { hasText: 'jamie-example.md' }).first();
    const opened = await exampleTab.waitFor({ state: 'visible', timeout: 15000 }).then(() => true, () => false);
    check(opened, 'step 1\'s link opens the example record');
    if (!opened) {
      say(`toasts: ${JSON.stringify(await toasts(page))}`);
      await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-link.png') });
      await runCommand(page, 'casenote: Open an example record');
      await exampleTab.waitFor({ state: 'visible', timeout: 20000 });
    }
    // Checked: the status bar counts its findings (the first screen, its front matter, has no squiggle).
    await page.locator('.statusbar-item', { hasText: /casenote: \d/ }).first().waitFor({ state: 'visible', timeout: 60000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-example.png') });
    say('screenshot walkthrough-example.png');
    // Step 2: the Problems panel.
    await page.keyboard.press('Control+Shift+M');
    await page.waitForTimeout(800);
    await page.locator('.tab', { hasText: 'jamie-example.md' }).first().click();
    // Step 3: the quick fix on "mum".
    const exampleText = fs.readFileSync(path.join(WORKSPACE, 'casenote-example', 'jamie-example.md'), 'utf8').split('\n');
    const presentLine = exampleText.findIndex((l) => l.startsWith('Present:')) + 1;
    await quickFix(page, presentLine, exampleText[presentLine - 1].indexOf('mum') + 2, 'Replace with "mother"');
    check((await lineText(page, presentLine))?.includes('(mother)'), `the quick fix gives ${JSON.stringify(await lineText(page, presentLine))}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-quickfix.png') });
    // Step 4: wishes and feelings, typed at the end of the visit.
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n### Wishes and feelings\n\nMia said: "I like it when Mum walks me to school." Ms Turner said she wants help with the mornings.\n', { delay: 5 });
    const visitLine = exampleText.findIndex((l) => l.startsWith('## ')) + 1;
    await gotoLine(page, visitLine, 1);
    let wishesGone = false;
    for (let i = 0; i < 40 && !wishesGone; i++) {
      await page.waitForTimeout(250);
      wishesGone = (await lineHasSquiggle(page, visitLine)) === false;
    }
    check(wishesGone, `after adding wishes and feelings the visit's heading (line ${visitLine}) has no finding`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-wishes.png') });
    // Step 5: the genogram (the command, as the step's link runs it).
    await runCommand(page, 'casenote: Show genogram');
    check(
      await page.locator('.tab', { hasText: 'Genogram: jamie-example.md' }).first().waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false),
      'step 5 shows the example\'s genogram',
    );
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-genogram.png') });
    // Step 6: the review.
    await runCommand(page, 'casenote: Review workspace');
    await page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'casenote: reviewed' }).first().waitFor({ state: 'visible', timeout: 30000 }).catch(() => {});
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-review.png') });
    // Back on the walkthrough: every step done.
    await runCommand(page, 'Welcome: Open Walkthrough');
    await page.waitForTimeout(800);
    await page.locator('.quick-input-widget input').fill('Get started with casenote');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1500);
    const doneAtEnd = await walkthroughDone(page);
    check(doneAtEnd === 6, `the walkthrough marks its 6 steps done as the user does them (${doneAtStart} done at the start, ${doneAtEnd} at the end)`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'walkthrough-done.png') });
    say('screenshot walkthrough-done.png');

    // --- casenote: New record --------------------------------------------------
    await runCommand(page, 'casenote: New record');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await page.waitForTimeout(400);
    await input.fill('Robin Ellis');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
    await input.fill('Health');
    await page.waitForTimeout(400);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
    await input.fill('safeguarding-concern');
    await page.waitForTimeout(400);
    // Ticks the stage (a list of check boxes), then accepts.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'safeguarding-concern' }).first().click();
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(600);
    await input.fill('Kim Lee, health visitor');
    await page.keyboard.press('Enter');
    const newTab = page.locator('.tab', { hasText: 'robin-ellis.md' }).first();
    check(await newTab.waitFor({ state: 'visible', timeout: 20000 }).then(() => true, () => false), 'New record creates and opens robin-ellis.md');
    const created = fs.existsSync(path.join(WORKSPACE, 'robin-ellis.md')) ? fs.readFileSync(path.join(WORKSPACE, 'robin-ellis.md'), 'utf8') : '';
    check(
      created.startsWith('---\nchild: Robin Ellis\nagency: health\ndocument: case-record\nstage: [safeguarding-concern]\n') &&
        created.includes('\n# Family composition\n') &&
        created.includes(`\n## ${TODAY} — Case note\n`),
      'the new record has the front matter asked for, a family composition and a first dated entry',
    ) || say(`robin-ellis.md starts: ${JSON.stringify(created.slice(0, 200))}`);
    // Checked: no finding above info (the status bar shows no count).
    await page.waitForTimeout(2500);
    const newStatus = (await page.locator('.statusbar-item', { hasText: 'casenote' }).first().textContent()).trim();
    const newSquiggles = await page.locator('.editor-instance .monaco-editor .squiggly-warning, .editor-instance .monaco-editor .squiggly-error').count();
    check(newSquiggles === 0 && !/casenote: \d/.test(newStatus), `the new record has no warning or error (status bar "${newStatus}", ${newSquiggles} squiggles)`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'new-record.png') });
    say('screenshot new-record.png');
    // casenote: New entry in it: a health entry dated today.
    await runCommand(page, 'casenote: New entry');
    await page.waitForTimeout(800);
    await page.keyboard.press('Escape');
    const newLines = (await page.locator('.editor-instance .view-lines .view-line').allTextContents()).map((t) => t.replace(/\u00a0/g, ' '));
    check(
      newLines.some((t) => t.startsWith(`## ${TODAY} 14:00 — Home visit`)) && newLines.includes('Author: your name, role') && newLines.includes('Present: Robin Ellis') && !newLines.includes('Seen alone: yes'),
      'New entry adds a dated health entry (Author, Contact, Present; no Seen alone)',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'new-entry.png') });
    say('screenshot new-entry.png');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');

    // --- The Caseload view ------------------------------------------------------
    // The view's header (the workspace folder's header reads "caseload").
    await page.locator('.pane-header', { has: page.locator('h3.title', { hasText: /^Caseload$/ }) }).first().click();
    const caseloadRow = page.locator('.pane-body .monaco-list-row', { hasText: 'CIN-2041' }).first();
    check(await caseloadRow.waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false), 'the Caseload view lists the records');
    const caseloadRows = await page.evaluate(() => {
      const pane = [...document.querySelectorAll('.pane')].find((p) => p.querySelector('.pane-header')?.textContent.includes('Caseload'));
      return pane ? [...pane.querySelectorAll('.monaco-list-row')].map((r) => r.textContent.trim()) : [];
    });
    say(`caseload: ${caseloadRows.join(' | ')}`);
    check(
      caseloadRows.length >= 4 && caseloadRows.every((r) => /(Red|Amber|Green) · \d+ findings?/.test(r)) && caseloadRows.some((r) => /Red/.test(r)),
      `every Caseload row shows a status and a findings count (${caseloadRows.length} rows)`,
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'caseload.png') });
    say('screenshot caseload.png');

    // --- Explorer: Review folder ----------------------------------------------
    const folderRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'casenote-example' }).first();
    await folderRow.click({ button: 'right' });
    const reviewFolder = page.locator('.context-view .action-label', { hasText: 'Review folder' }).first();
    check(await reviewFolder.waitFor({ state: 'visible', timeout: 10000 }).then(() => true, () => false), 'the Explorer\'s context menu offers "Review folder"');
    await reviewFolder.click();
    const folderToast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'reviewed 1 record' }).first();
    check(await folderToast.waitFor({ state: 'visible', timeout: 30000 }).then(() => true, () => false), 'Review folder reviews the one record of casenote-example');

    // --- The supervisor report -------------------------------------------------
    await runCommand(page, 'casenote: Open the supervisor report');
    const reportTab = page.locator('.tab', { hasText: 'casenote: supervisor report' }).first();
    check(await reportTab.waitFor({ state: 'visible', timeout: 60000 }).then(() => true, () => false), 'Open the supervisor report shows it in a tab');
    const reportFrame = await webviewFrame(page, () => /Needs attention/.test(document.body?.innerText ?? ''), 30000);
    check(reportFrame !== null, 'the report shows its "Needs attention" list');
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png') });
    say('screenshot report.png');

    // A settings change reaches the server: vague-language turned off in
    // the workspace settings (.vscode/settings.json, as a team would share).
    const settingsDir = path.join(process.env.E2E_WORKSPACE, '.vscode');
    fs.mkdirSync(settingsDir, { recursive: true });
    fs.writeFileSync(path.join(settingsDir, 'settings.json'), JSON.stringify({ 'casenote.rules': { 'vague-language': 'off' } }, null, 2));
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: RECORD }).first().dblclick();
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
