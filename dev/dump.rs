//! Prints how casenote parses a record (for developing the parser).
//! Usage: cargo run --example dump -- FILE
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    let record = casenote::parse::parse(&text);
    let line = |o: usize| text[..o].matches('\n').count() + 1;
    for entry in &record.entries {
        println!(
            "ENTRY L{} {:?} date={:?} title={:?} kind={:?}",
            line(entry.span.start),
            entry.heading.text,
            entry.date,
            entry.title,
            entry.kind
        );
        for f in &entry.fields {
            println!("  FIELD {:?} {:?} = {:?}", f.name, f.key, f.value);
        }
        for s in &entry.sections {
            println!("  SECTION L{} {:?} {:?}", line(s.span.start), s.kind, s.heading.text);
        }
    }
    for b in &record.blocks {
        println!(
            "BLOCK L{} {:?} entry={:?} section={:?} voice={:?} label={:?} sentences={}",
            line(b.span.start),
            b.kind,
            b.entry,
            b.section,
            b.voice,
            b.label.as_ref().map(|l| l.kind),
            b.sentences.len()
        );
    }
}
