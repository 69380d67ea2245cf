//! The Markdown structure of a record, from pulldown-cmark's offset
//! iterator: headings, text blocks and code, as byte spans.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{heading_text, text_mask};
use crate::model::{BlockKind, Heading};

#[derive(Debug, Clone)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub span: Range<usize>,
    pub info: String,
    /// The lines between the fences.
    pub body: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub blocks: Vec<RawBlock>,
    pub code_blocks: Vec<CodeBlock>,
    pub inline_code: Vec<Range<usize>>,
}

/// A list item being read: where it starts and where its own text ends
/// (at its first nested block, for tight items).
struct OpenItem {
    start: usize,
    own_end: Option<usize>,
    has_paragraph: bool,
}

impl Outline {
    /// Moves every span onto character boundaries of `original`. The
    /// outline is read from masked text, where each byte of a blanked
    /// multi-byte character is a space, so a span (an indented code block)
    /// can start inside a character of the original text.
    pub fn snap_to(&mut self, original: &str) {
        let snap = |span: &mut Range<usize>| {
            let mut start = span.start.min(original.len());
            while !original.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = span.end.clamp(start, original.len());
            while !original.is_char_boundary(end) {
                end += 1;
            }
            *span = start..end;
        };
        self.headings.iter_mut().for_each(|h| {
            snap(&mut h.span);
            snap(&mut h.text_span);
        });
        self.blocks.iter_mut().for_each(|b| snap(&mut b.span));
        self.code_blocks.iter_mut().for_each(|c| {
            snap(&mut c.span);
            snap(&mut c.body);
        });
        self.inline_code.iter_mut().for_each(snap);
    }
}

pub fn outline(text: &str) -> Outline {
    let mut outline = Outline::default();
    let mut items: Vec<OpenItem> = Vec::new();
    // Depth of block containers opened directly inside the innermost item.
    let mut code: Option<(Range<usize>, String)> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let is_nested_block = matches!(
                    tag,
                    Tag::Paragraph
                        | Tag::List(_)
                        | Tag::CodeBlock(_)
                        | Tag::BlockQuote(_)
                        | Tag::Heading { .. }
                        | Tag::Table(_)
                        | Tag::HtmlBlock
                );
                if is_nested_block {
                    if let Some(item) = items.last_mut() {
                        item.own_end.get_or_insert(range.start);
                        if matches!(tag, Tag::Paragraph) && item.start <= range.start {
                            item.has_paragraph = true;
                        }
                    }
                }
                match tag {
                    Tag::Heading { level, .. } => {
                        let mut line_end =
                            text[range.clone()].find('\n').map_or(range.end, |i| range.start + i);
                        // A CR LF line ends before its `\r`.
                        if text[range.start..line_end].ends_with('\r') {
                            line_end -= 1;
                        }
                        let line = &text[range.start..line_end];
                        let (offset, inner) = heading_text(line);
                        let text_start = range.start + offset;
                        outline.headings.push(Heading {
                            level: level as u8,
                            span: range.start..line_end,
                            text: inner.to_string(),
                            text_span: text_start..text_start + inner.len(),
                        });
                    }
                    Tag::Paragraph => {
                        outline.blocks.push(RawBlock { kind: BlockKind::Paragraph, span: range })
                    }
                    Tag::TableCell => {
                        outline.blocks.push(RawBlock { kind: BlockKind::TableCell, span: range })
                    }
                    Tag::Item => items.push(OpenItem {
                        start: range.start,
                        own_end: None,
                        has_paragraph: false,
                    }),
                    Tag::CodeBlock(kind) => {
                        let info = match kind {
                            CodeBlockKind::Fenced(info) => info.to_string(),
                            CodeBlockKind::Indented => String::new(),
                        };
                        code = Some((range, info));
                    }
                    _ => {}
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = items.pop() {
                    let end = item.own_end.unwrap_or(range.end);
                    if !item.has_paragraph || end > item.start {
                        let span = strip_list_marker(text, item.start..end.max(item.start));
                        if !item.has_paragraph && !text[span.clone()].trim().is_empty() {
                            outline.blocks.push(RawBlock { kind: BlockKind::ListItem, span });
                        }
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((span, info)) = code.take() {
                    let span = span.start..range.end.max(span.end);
                    let body =
                        fenced_body(text, span.clone(), !info.is_empty() || is_fenced(text, &span));
                    outline.code_blocks.push(CodeBlock { span, info, body });
                }
            }
            Event::Code(_) => outline.inline_code.push(range),
            _ => {}
        }
    }
    outline.blocks.sort_by_key(|b| b.span.start);
    // A paragraph inside a list item starts at the item's text: strip markers.
    for block in &mut outline.blocks {
        block.span = strip_list_marker(text, block.span.clone());
    }
    outline
}

/// The HTML comments (`<!-- … -->`) of a text, as the Markdown parser
/// reads them, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Comments {
    /// Every comment: in HTML blocks and inline.
    pub all: Vec<Range<usize>>,
    /// The inline ones (inside a paragraph, heading or cell): these are
    /// blanked before the outline is read, as the words around them are
    /// prose; a comment in an HTML block is left for the parser, which
    /// reads its block (blanking it would make a blank line, ending an
    /// HTML block or a list where the parser sees none).
    pub inline: Vec<Range<usize>>,
}

/// The HTML comments of `text` at or after `from`, as the Markdown parser
/// reads them: in HTML blocks and as inline HTML, never in a code span or a
/// code block (a `<!--` shown in code is text, and a `casenote-disable`
/// shown in a fenced block suppresses nothing). An unclosed comment in an
/// HTML block runs to the block's end; an unclosed `<!--` in a paragraph is
/// text, as CommonMark says.
///
/// `text` before `from` (the front matter) must already be blanked.
/// Without any `<!--` there is nothing to parse.
pub fn comments(text: &str, from: usize) -> Comments {
    if !text.get(from..).is_some_and(|rest| rest.contains("<!--")) {
        return Comments::default();
    }
    let mut in_blocks: Vec<Range<usize>> = Vec::new();
    let mut inline: Vec<Range<usize>> = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block = Some(range.start),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(start) = block.take() {
                    let end = range.end.max(start);
                    in_blocks.extend(
                        text_mask::html_comments(&text[start..end])
                            .into_iter()
                            .map(|c| c.start + start..c.end + start),
                    );
                }
            }
            Event::InlineHtml(html) if html.starts_with("<!--") => inline.push(range),
            _ => {}
        }
    }
    let inline = in_order(inline, from);
    let all = in_order(in_blocks.into_iter().chain(inline.iter().cloned()).collect(), from);
    Comments { all, inline }
}

/// `spans` from `from` on, sorted, with overlaps merged.
fn in_order(mut spans: Vec<Range<usize>>, from: usize) -> Vec<Range<usize>> {
    spans.retain(|c| c.start >= from);
    spans.sort_by_key(|c| c.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

fn is_fenced(text: &str, span: &Range<usize>) -> bool {
    let start = text[span.clone()].trim_start();
    start.starts_with("```") || start.starts_with("~~~")
}

/// The lines between a fenced block's opening and closing fences.
fn fenced_body(text: &str, span: Range<usize>, fenced: bool) -> Range<usize> {
    if !fenced {
        return span;
    }
    let block = &text[span.clone()];
    let body_start = block.find('\n').map_or(block.len(), |i| i + 1);
    let trimmed = block.trim_end();
    let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last_line = trimmed[last_line_start..].trim();
    let body_end = if last_line_start >= body_start
        && (last_line.starts_with("```") || last_line.starts_with("~~~"))
    {
        last_line_start
    } else {
        block.len()
    };
    span.start + body_start..span.start + body_end.max(body_start)
}

/// Skips a list marker (`- `, `* `, `+ `, `1. `, `1) `) and a task box.
fn strip_list_marker(text: &str, span: Range<usize>) -> Range<usize> {
    let slice = &text[span.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let rest = &slice[lead..];
    let marker = if rest.starts_with(['-', '*', '+']) && rest[1..].starts_with([' ', '\t']) {
        1
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0
            && rest[digits..].starts_with(['.', ')'])
            && rest[digits + 1..].starts_with([' ', '\t'])
        {
            digits + 1
        } else {
            return span;
        }
    };
    let after = &rest[marker..];
    let spaces = after.len() - after.trim_start().len();
    span.start + lead + marker + spaces..span.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_headings_items_cells_and_code() {
        let text = "# Title\n\n- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| c | d |\n\n```genogram\nperson A: child\n```\n";
        let o = outline(text);
        assert_eq!(o.headings[0].text, "Title");
        let blocks: Vec<&str> = o.blocks.iter().map(|b| text[b.span.clone()].trim()).collect();
        assert_eq!(blocks, ["one", "two", "nested", "a", "b", "c", "d"]);
        assert_eq!(o.code_blocks[0].info, "genogram");
        assert_eq!(&text[o.code_blocks[0].body.clone()], "person A: child\n");
    }

    #[test]
    fn comments_come_from_html_blocks_and_inline_html_never_from_code() {
        let text = "Type `<!--` to start a comment.\n\n\
                    ```markdown\n<!-- casenote-disable -->\n```\n\n\
                    <!-- casenote-disable vague-language -->\n\n\
                    As per <!-- a\nnote --> the plan.\n\n    <!-- indented code -->\n";
        let found = comments(text, 0);
        let all: Vec<&str> = found.all.iter().map(|c| &text[c.clone()]).collect();
        assert_eq!(all, ["<!-- casenote-disable vague-language -->", "<!-- a\nnote -->"]);
        let inline: Vec<&str> = found.inline.iter().map(|c| &text[c.clone()]).collect();
        assert_eq!(inline, ["<!-- a\nnote -->"]);
        assert_eq!(comments("no comment here", 0), Comments::default());
        // An unclosed comment in an HTML block runs to the end.
        let text = "a\n\n<!-- open\n\nstill inside\n";
        assert_eq!(comments(text, 0).all, [3..text.len()]);
        // Before `from` is not read.
        assert_eq!(comments("<!-- x -->\n\n<!-- y -->\n", 1).all, [12..22]);
    }
}
