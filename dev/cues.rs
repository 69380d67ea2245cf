//! Prints the opinion and hypothesis cues the classifier finds in each line
//! of standard input (for developing the cue vocabulary).
//! Usage: cargo run --example cues < sentences.txt
use std::io::BufRead;

fn main() {
    let classifier = casenote::cues::Classifier::new(&casenote::Config::default());
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let opinion: Vec<String> =
            classifier.opinion_cues(&line, 0..line.len()).into_iter().map(|c| c.text).collect();
        let hypothesis: Vec<String> =
            classifier.hypothesis_cues(&line, 0..line.len()).into_iter().map(|c| c.text).collect();
        println!("{:<28} {:<22} {line}", format!("{opinion:?}"), format!("{hypothesis:?}"));
    }
}
