//! The `claimlens` command line: compile corpora and annotate files.
//!
//! ```text
//! claimlens corpus build DIR -o FILE
//! claimlens annotate [--corpus FILE_OR_DIR] [--date YYYY-MM-DD] [--exclude ID]... FILE...
//! claimlens eval ner FILE
//! claimlens eval timex DIR
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claimlens::corpus::Corpus;
use claimlens::engine::{AnnotateOptions, Engine};

const USAGE: &str = "usage:
  claimlens corpus build DIR -o FILE
  claimlens annotate [--corpus FILE_OR_DIR] [--date YYYY-MM-DD] [--exclude ID]... FILE...
  claimlens eval ner FILE [--errors]     (CoNLL format: token ... TAG per line)
  claimlens eval timex DIR [--errors]    (TimeML .tml files)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("claimlens: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned());
    match args.next().as_deref() {
        Some("corpus") => match args.next().as_deref() {
            Some("build") => corpus_build(args.collect()),
            _ => Err(USAGE.into()),
        },
        Some("annotate") => annotate(args.collect()),
        Some("eval") => {
            let kind = args.next();
            let rest: Vec<String> = args.collect();
            let errors = rest.iter().any(|a| a == "--errors");
            match (kind.as_deref(), rest.iter().find(|a| !a.starts_with("--"))) {
                (Some("ner"), Some(path)) => eval_ner(Path::new(path), errors),
                (Some("timex"), Some(path)) => eval_timex(Path::new(path), errors),
                _ => Err(USAGE.into()),
            }
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

fn corpus_build(args: Vec<String>) -> Result<(), String> {
    let mut parser = lexopt::Parser::from_args(args);
    let (mut dir, mut out) = (None, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Short('o') | lexopt::Arg::Long("output") => out = Some(PathBuf::from(parser.value().map_err(|e| e.to_string())?)),
            lexopt::Arg::Value(v) if dir.is_none() => dir = Some(PathBuf::from(v)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let (Some(dir), Some(out)) = (dir, out) else { return Err(USAGE.into()) };
    let corpus = Corpus::from_dir(&dir).map_err(|e| e.to_string())?;
    let bytes = corpus.to_bytes();
    write_atomically(&out, &bytes)?;
    let claims: usize = corpus.articles.iter().map(|a| a.analysis.claims.len()).sum();
    eprintln!("{}: {} articles, {} claims, {} bytes", out.display(), corpus.articles.len(), claims, bytes.len());
    Ok(())
}

/// Writes to a temporary file beside `path` and renames it, so a failed build never leaves a
/// half-written corpus where the old one was.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_corpus(path: &Path) -> Result<Corpus, String> {
    if path.is_dir() {
        Corpus::from_dir(path).map_err(|e| e.to_string())
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Corpus::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }
}

fn string_value(parser: &mut lexopt::Parser) -> Result<String, String> {
    parser.value().map(|v| v.to_string_lossy().into_owned()).map_err(|e| e.to_string())
}

fn annotate(args: Vec<String>) -> Result<(), String> {
    let mut parser = lexopt::Parser::from_args(args);
    let mut corpus_path = None;
    let mut options = AnnotateOptions::default();
    let mut files = Vec::new();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Long("corpus") => corpus_path = Some(PathBuf::from(string_value(&mut parser)?)),
            lexopt::Arg::Long("date") => options.published = Some(string_value(&mut parser)?),
            lexopt::Arg::Long("exclude") => options.exclude.push(string_value(&mut parser)?),
            lexopt::Arg::Value(v) => files.push(PathBuf::from(v)),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if files.is_empty() {
        return Err(USAGE.into());
    }
    let corpus = match corpus_path {
        Some(p) => load_corpus(&p)?,
        None => Corpus::default(),
    };
    let engine = Engine::new(corpus);
    let mut results = Vec::new();
    for file in &files {
        let raw = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        // HTML and Markdown pages are read as their article text; offsets are into that text.
        let extension = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let text = match extension.as_deref() {
            Some("html" | "htm") => claimlens::formats::html_to_text(&raw).text,
            Some("md" | "markdown") => claimlens::formats::markdown_to_text(&raw),
            _ => raw,
        };
        let mut file_options = options.clone();
        // A page never corroborates itself: leave its own corpus copy out.
        if let Some(stem) = file.file_stem().and_then(|s| s.to_str()) {
            file_options.exclude.push(stem.to_string());
        }
        let annotation = engine.annotate(&text, &file_options);
        results.push(serde_json::json!({ "file": file.display().to_string(), "annotation": annotation }));
    }
    let json = if results.len() == 1 { results.remove(0) } else { serde_json::Value::Array(results) };
    println!("{}", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?);
    Ok(())
}

fn eval_ner(path: &Path, errors: bool) -> Result<(), String> {
    use claimlens::eval::ner;
    let input = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let docs = ner::parse(&input);
    if docs.is_empty() {
        return Err(format!("{}: no CoNLL tokens found", path.display()));
    }
    if errors {
        docs.iter().flat_map(ner::errors).for_each(|line| println!("{line}"));
    }
    print!("{}", ner::format_report(&ner::evaluate(&docs)));
    Ok(())
}

fn eval_timex(dir: &Path, errors: bool) -> Result<(), String> {
    use claimlens::eval::timex;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{}: no .tml files", dir.display()));
    }
    let mut docs = Vec::with_capacity(paths.len());
    for path in &paths {
        let xml = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        docs.push(timex::parse(&xml).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    if errors {
        for (path, doc) in paths.iter().zip(&docs) {
            let lines = timex::errors(doc);
            if !lines.is_empty() {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                println!("== {name} (created {})", doc.creation.map_or("?".to_string(), claimlens::time::iso_date));
                lines.iter().for_each(|line| println!("{line}"));
            }
        }
    }
    print!("{}", timex::format_report(&timex::evaluate(&docs)));
    Ok(())
}
