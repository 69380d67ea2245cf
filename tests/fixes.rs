//! Quick fixes: each changes the text exactly as intended, and the finding
//! it fixes is gone afterwards.

use casenote::{check, Config, Diagnostic};
use chrono::NaiveDate;

const HEAD: &str = "---\nchild: Jamie Smith\nborn: 2016-05-02\nagency: health\nstage: [child-in-need]\nparents: [Sarah Smith]\ncontact-frequency: weekly\n---\n\n# Family composition\n\nJamie lives with his mother.\n\n# Record\n\n";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn findings(text: &str, rule: &str) -> Vec<Diagnostic> {
    check(text, &Config::default(), today()).into_iter().filter(|d| d.rule == rule).collect()
}

/// Applies the fix titled `title` on the only finding of `rule`.
fn apply(text: &str, rule: &str, title: &str) -> String {
    let found = findings(text, rule);
    assert_eq!(found.len(), 1, "{rule}: {found:#?}");
    let fix = found[0].fixes.iter().find(|f| f.title == title).unwrap_or_else(|| {
        panic!(
            "no fix {title:?}; fixes: {:?}",
            found[0].fixes.iter().map(|f| &f.title).collect::<Vec<_>>()
        )
    });
    fix.apply(text)
}

fn entry(body: &str) -> String {
    format!("{HEAD}## 2026-11-03 14:00 — Home visit\n\nRecorded: 2026-11-03\nContact: home visit\nPresent: Jamie Smith, Sarah Smith\n\n{body}\n")
}

const VIEWS: &str =
    "### Wishes and feelings\n\nJamie said he likes school. Ms Smith said she is tired.";

#[test]
fn label_an_opinion() {
    let text = entry(&format!("The home was chaotic.\n\n{VIEWS}"));
    let fixed = apply(&text, "unlabelled-opinion", "Label the paragraph \"Opinion:\"");
    assert_eq!(fixed, entry(&format!("Opinion: The home was chaotic.\n\n{VIEWS}")));
    assert!(findings(&fixed, "unlabelled-opinion").is_empty());

    let fixed = apply(&text, "unlabelled-opinion", "Open the sentence with \"In my opinion,\"");
    assert_eq!(fixed, entry(&format!("In my opinion, the home was chaotic.\n\n{VIEWS}")));
    assert!(findings(&fixed, "unlabelled-opinion").is_empty());
}

#[test]
fn move_a_hypothesis_under_hypotheses() {
    let text = entry(&format!("Jamie was late. This may be linked to the new baby.\n\n{VIEWS}"));
    let fixed = apply(&text, "unlabelled-hypothesis", "Move the sentence under \"Hypotheses\"");
    assert_eq!(
        fixed,
        entry(&format!(
            "Jamie was late.\n\n{VIEWS}\n\n### Hypotheses\n\nThis may be linked to the new baby."
        ))
    );
    assert!(findings(&fixed, "unlabelled-hypothesis").is_empty());
}

#[test]
fn add_the_missing_wishes_and_feelings() {
    let text = entry("### Wishes and feelings\n\nJamie said he likes school.");
    let fixed = apply(
        &text,
        "missing-wishes-feelings",
        "Add a \"Wishes and feelings\" section for the people missing",
    );
    assert_eq!(
        fixed,
        entry("### Wishes and feelings\n\nJamie said he likes school.\n\nSarah Smith said ")
    );
    assert!(findings(&fixed, "missing-wishes-feelings").is_empty());
}

#[test]
fn add_an_endorsement_with_todays_date() {
    let text = entry(&format!("{VIEWS}\n\n### Decision\n\nJamie to stay on the plan."));
    let fixed =
        apply(&text, "unendorsed-decision", "Add \"Endorsed by:\" for the manager to complete");
    assert_eq!(fixed, entry(&format!("{VIEWS}\n\n### Decision\n\nJamie to stay on the plan.\n\nEndorsed by: , Team Manager, 25/11/2026")));
    assert!(findings(&fixed, "unendorsed-decision").is_empty());
}

#[test]
fn add_missing_fields_in_the_entrys_style() {
    let text = format!("{HEAD}## 2026-11-03 — Home visit\n\n- Recorded: 2026-11-03\n- Contact: home visit\n\n{VIEWS}\n");
    let fixed = apply(&text, "missing-contact-nature", "Add a \"Present:\" field");
    assert!(fixed.contains("- Contact: home visit\n- Present: \n"), "{fixed}");

    let text = format!("{HEAD}## 2026-11-03 — Phone call with Ms Smith\n\nContact: phone call\nPresent: Sarah Smith\n\nWishes and feelings: Ms Smith said she is tired.\n");
    let fixed = apply(&text, "missing-recording-date", "Add \"Recorded:\" with today's date");
    assert!(fixed.contains("Present: Sarah Smith\nRecorded: 25/11/2026\n"), "{fixed}");
    assert!(findings(&fixed, "missing-recording-date").is_empty());
}

#[test]
fn replace_vague_words_and_spell_out_acronyms() {
    let text = entry(&format!("Mum was at home as per the plan.\n\n{VIEWS}"));
    let found = findings(&text, "vague-language");
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[0].fixes[0].apply(&text),
        entry(&format!("Mother was at home as per the plan.\n\n{VIEWS}"))
    );
    assert_eq!(
        found[1].fixes[0].apply(&text),
        entry(&format!("Mum was at home in line with the plan.\n\n{VIEWS}"))
    );

    let text = entry(&format!("The HV weighed Jamie.\n\n{VIEWS}"));
    let fixed = apply(&text, "unexplained-acronym", "Spell out \"HV\" as \"health visitor\"");
    assert_eq!(fixed, entry(&format!("The health visitor (HV) weighed Jamie.\n\n{VIEWS}")));
    assert!(findings(&fixed, "unexplained-acronym").is_empty());
}

#[test]
fn add_a_genogram_from_the_front_matter() {
    let text = HEAD.replace(
        "agency: health\nstage: [child-in-need]",
        "agency: childrens-social-care\nstage: [child-in-need]",
    );
    let fixed = apply(&text, "missing-genogram", "Add a genogram block from the front matter");
    assert!(
        fixed.contains("Jamie lives with his mother.\n\n```genogram\nupdated: 2026-11-25\nperson Jamie Smith: child, born 2016, household\nperson Sarah Smith: parent, PR\nchildren of Sarah Smith: Jamie Smith\n```"),
        "{fixed}"
    );
    assert!(findings(&fixed, "missing-genogram").is_empty());
    assert!(findings(&fixed, "invalid-genogram").is_empty());
}

#[test]
fn remove_an_unused_suppression_line() {
    let text = entry(&format!(
        "<!-- casenote-disable-next-line long-sentence -->\nJamie was at school.\n\n{VIEWS}"
    ));
    let fixed = apply(&text, "unused-suppression", "Remove the suppression comment");
    assert_eq!(fixed, entry(&format!("Jamie was at school.\n\n{VIEWS}")));
}

/// A fix applied to a CRLF record, or to one with a byte-order mark, is the
/// fix applied to the LF record, in the record's own line ending and after
/// its mark.
#[test]
fn fixes_keep_the_line_ending_and_the_mark() {
    let text = entry(&format!("Jamie was late. This may be linked to the new baby.\n\n{VIEWS}"));
    let title = "Move the sentence under \"Hypotheses\"";
    let lf = apply(&text, "unlabelled-hypothesis", title);
    let crlf = apply(&text.replace('\n', "\r\n"), "unlabelled-hypothesis", title);
    assert_eq!(crlf, lf.replace('\n', "\r\n"));
    let cr = apply(&text.replace('\n', "\r"), "unlabelled-hypothesis", title);
    assert_eq!(cr, lf.replace('\n', "\r"));

    let bare = "## 2026-11-03 — Home visit\n\nRecorded: 2026-11-03\nContact: home visit\nPresent: Jamie Smith\n";
    let title = "Add a family composition section with a genogram";
    let fixed = apply(bare, "missing-family-composition", title);
    let with_mark = apply(&format!("\u{feff}{bare}"), "missing-family-composition", title);
    assert_eq!(with_mark, format!("\u{feff}{fixed}"));
}
