//! Issue 4: claims linked to the corpus articles that corroborate them, conflict with them, or
//! report another occasion, with the differences named slot by slot.
//!
//! Three kinds of checks:
//! - the cases of `testdata/relations.json`, one per relation and per difference kind, each a
//!   real sentence against a small corpus;
//! - the seeds read as a reader would: each seed as the page, the other four as the corpus;
//! - `testdata/corpus-b/`, articles written for these tests about an invented event, to show the
//!   rules are not fitted to the seeds.

use std::path::{Path, PathBuf};

use claimlens::corpus::{Article, ArticleMeta, Corpus};
use claimlens::engine::{AnnotateOptions, Annotation, ClaimOut, Engine, LinkOut};
use serde::Deserialize;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    page: Text,
    corpus: Vec<CorpusText>,
    /// A substring of the page claim the case is about.
    claim: String,
    links: Vec<ExpectedLink>,
    #[serde(default)]
    unlinked: Vec<String>,
}

#[derive(Deserialize)]
struct Text {
    text: String,
    published: Option<String>,
}

#[derive(Deserialize)]
struct CorpusText {
    id: String,
    text: String,
    published: Option<String>,
}

#[derive(Deserialize)]
struct ExpectedLink {
    article: String,
    relation: String,
    differences: Vec<ExpectedDifference>,
}

#[derive(Deserialize)]
struct ExpectedDifference {
    slot: String,
    conflicting: bool,
}

fn relation_name(link: &LinkOut) -> String {
    serde_json::to_value(link.relation).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn describe(claim: &ClaimOut) -> String {
    let links: Vec<String> = claim
        .links
        .iter()
        .map(|l| format!("{} {} [{}]", l.article, relation_name(l), l.differences.iter().map(|d| format!("{}{}", d.slot, if d.conflicting { "!" } else { "" })).collect::<Vec<_>>().join(", ")))
        .collect();
    format!("{:?} -> {links:?}", claim.text)
}

fn claim_with<'a>(annotation: &'a Annotation, needle: &str) -> &'a ClaimOut {
    annotation
        .claims
        .iter()
        .find(|c| c.text.contains(needle))
        .unwrap_or_else(|| panic!("no claim contains {needle:?}; claims: {:?}", annotation.claims.iter().map(|c| &c.text).collect::<Vec<_>>()))
}

fn link_to<'a>(claim: &'a ClaimOut, article_prefix: &str) -> Option<&'a LinkOut> {
    claim.links.iter().find(|l| l.article.starts_with(article_prefix))
}

#[test]
fn relation_cases_from_testdata() {
    let json = std::fs::read_to_string(root().join("testdata/relations.json")).expect("testdata/relations.json");
    let cases: Cases = serde_json::from_str(&json).expect("valid cases");
    let mut failures = Vec::new();
    for case in &cases.cases {
        let articles = case
            .corpus
            .iter()
            .map(|a| Article::from_raw(ArticleMeta { id: a.id.clone(), published: a.published.clone(), ..Default::default() }, &a.text))
            .collect();
        let engine = Engine::new(Corpus::new(articles));
        let options = AnnotateOptions { published: case.page.published.clone(), ..Default::default() };
        let annotation = engine.annotate(&case.page.text, &options);
        let Some(claim) = annotation.claims.iter().find(|c| c.text.contains(&case.claim)) else {
            failures.push(format!("{}: no page claim contains {:?}", case.name, case.claim));
            continue;
        };
        for expected in &case.links {
            let Some(link) = claim.links.iter().find(|l| l.article == expected.article) else {
                failures.push(format!("{}: no link to {}: {}", case.name, expected.article, describe(claim)));
                continue;
            };
            if relation_name(link) != expected.relation {
                failures.push(format!("{}: expected {} with {}: {}", case.name, expected.relation, expected.article, describe(claim)));
            }
            for d in &expected.differences {
                if !link.differences.iter().any(|x| x.slot == d.slot && x.conflicting == d.conflicting) {
                    failures.push(format!("{}: missing difference {} (conflicting: {}): {}", case.name, d.slot, d.conflicting, describe(claim)));
                }
            }
            if expected.differences.is_empty() && link.differences.iter().any(|d| d.conflicting) {
                failures.push(format!("{}: unexpected conflicting difference: {}", case.name, describe(claim)));
            }
        }
        for id in &case.unlinked {
            if claim.links.iter().any(|l| &l.article == id) {
                failures.push(format!("{}: must not link {id}: {}", case.name, describe(claim)));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.cases.len(), failures.join("\n"));
}

/// The seeds, each annotated as the CLI does: the page's own corpus copy excluded by file stem.
struct Seeds {
    engine: Engine,
}

impl Seeds {
    fn load() -> Self {
        let corpus = Corpus::from_dir(&root().join("corpus/seeds")).expect("seed corpus");
        Seeds { engine: Engine::new(corpus) }
    }

    fn annotate(&self, prefix: &str) -> Annotation {
        let (id, text) = seed(prefix);
        self.engine.annotate(&text, &AnnotateOptions { exclude: vec![id], ..Default::default() })
    }
}

fn seed(prefix: &str) -> (String, String) {
    let dir = root().join("corpus/seeds");
    let path = std::fs::read_dir(&dir)
        .expect("seed folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().and_then(|f| f.to_str()).is_some_and(|f| f.starts_with(prefix) && f.ends_with(".txt")))
        .unwrap_or_else(|| panic!("no seed {prefix}"));
    let id = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    (id, std::fs::read_to_string(&path).expect("seed text"))
}

fn assert_relation(claim: &ClaimOut, article: &str, relation: &str) {
    let link = link_to(claim, article).unwrap_or_else(|| panic!("no link to {article}: {}", describe(claim)));
    assert_eq!(relation_name(link), relation, "{}", describe(claim));
}

#[test]
fn issue_4_seed_leave_one_out() {
    let seeds = Seeds::load();

    // 004: the meeting with Kim is corroborated by 000 and 003, and does not conflict with 002.
    let page = seeds.annotate("004");
    let meeting = claim_with(&page, "lasted over an hour");
    assert_relation(meeting, "000", "corroborates");
    assert_relation(meeting, "003", "corroborates");
    assert!(link_to(meeting, "002").is_none_or(|l| relation_name(l) != "conflicts"), "{}", describe(meeting));

    // 004: Choe Con Hui links to 000 and 001, and to 002 and 003 with the spelling named.
    let choe = claim_with(&page, "Foreign Minister Choe Con Hui");
    assert_relation(choe, "000", "corroborates");
    assert_relation(choe, "001", "corroborates");
    for other in ["002", "003"] {
        let link = link_to(choe, other).unwrap_or_else(|| panic!("no link to {other}: {}", describe(choe)));
        assert!(link.differences.iter().any(|d| d.slot == "name" && d.there.contains("Son")), "{}", describe(choe));
    }

    // 004: the Karlov tribute is corroborated by 001 and 003.
    let karlov = claim_with(&page, "Andrey Karlov");
    assert_relation(karlov, "001", "corroborates");
    assert_relation(karlov, "003", "corroborates");

    // 002: the Wonsan meeting is another occasion than the 2023 one, never a conflict.
    let page = seeds.annotate("002");
    let wonsan = claim_with(&page, "On Saturday");
    assert_relation(wonsan, "003", "other_event");
    for claim in &page.claims {
        for link in &claim.links {
            assert_ne!(relation_name(link), "conflicts", "002 conflicts with the 2023 reports: {}", describe(claim));
        }
    }
    assert!(
        page.claims.iter().any(|c| link_to(c, "004").is_some_and(|l| relation_name(l) == "other_event")),
        "no 002 claim is another occasion than 004"
    );
}

#[test]
fn issue_4_boilerplate_makes_no_claims() {
    let engine = Engine::default();
    let (_, text) = seed("001");
    let annotation = engine.annotate(&text, &AnnotateOptions::default());
    assert!(annotation.claims.iter().all(|c| !c.text.contains("aficionado") && !c.text.starts_with("Title:")), "001 bio or title became a claim");

    let (_, text) = seed("004");
    let annotation = engine.annotate(&text, &AnnotateOptions::default());
    let related = text.find("\nRelated\n").expect("004 has a Related list");
    let related_utf16 = text[..related].encode_utf16().count();
    let late: Vec<&str> = annotation.claims.iter().filter(|c| c.start >= related_utf16).map(|c| c.text.as_str()).collect();
    assert!(late.is_empty(), "claims in 004's headline lists: {late:?}");
}

#[test]
fn issue_4_a_page_is_not_linked_to_its_own_corpus_copy() {
    let seeds = Seeds::load();
    let (id, text) = seed("004");
    let annotation = seeds.engine.annotate(&text, &AnnotateOptions::default());
    for claim in &annotation.claims {
        assert!(claim.links.iter().all(|l| l.article != id), "linked to itself: {}", describe(claim));
    }
}

#[test]
fn issue_4_corpus_b_invented_event() {
    let dir = root().join("testdata/corpus-b");
    let engine = Engine::new(Corpus::from_dir(&dir).expect("corpus-b"));
    let text = std::fs::read_to_string(dir.join("b1_wire.txt")).expect("b1");
    let page = engine.annotate(&text, &AnnotateOptions { exclude: vec!["b1_wire".into()], ..Default::default() });

    let opening = claim_with(&page, "opened the Kessler Bridge");
    assert_relation(opening, "b2", "corroborates");
    assert!(link_to(opening, "b2").is_some_and(|l| l.differences.iter().any(|d| d.slot == "name" && d.there == "Elena Vargas")), "{}", describe(opening));
    assert_relation(opening, "b3", "corroborates");
    assert_relation(opening, "b4", "other_event");

    let attendance = claim_with(&page, "residents attended");
    assert_relation(attendance, "b3", "conflicts");
    let number = link_to(attendance, "b3").and_then(|l| l.differences.iter().find(|d| d.slot == "number"));
    assert!(number.is_some_and(|d| d.here.contains("1,200") && d.there.contains("3,000") && d.conflicting), "{}", describe(attendance));

    // The HTML copy kept its article and lost its furniture.
    let b3 = engine.article("b3_repost").expect("b3 in the corpus");
    let b3_text = b3.text.unwrap_or_default();
    assert!(b3_text.contains("About 3,000 residents") && !b3_text.contains("Storm warning") && !b3_text.contains("window.ads") && !b3_text.contains("Halden Construction wins"), "{b3_text}");
    assert_eq!(b3.title.as_deref(), Some("Kessler Bridge opens to crowds"));
}

#[test]
fn issue_4_corpus_errors_name_the_file() {
    let dir = std::env::temp_dir().join(format!("claimlens-relations-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("good.txt"), "Kim Jong Un met Sergei Lavrov in Pyongyang on Thursday.").expect("write");
    std::fs::write(dir.join("broken.txt"), [0xff, 0xfe, 0x00, 0x41]).expect("write");
    let message = Corpus::from_dir(&dir).map(|_| ()).expect_err("invalid UTF-8 is refused").to_string();
    assert!(message.contains("broken.txt") && message.contains("UTF-8"), "{message}");

    std::fs::remove_file(dir.join("broken.txt")).expect("remove");
    std::fs::write(dir.join("empty.html"), "<html><body><nav>Home</nav></body></html>").expect("write");
    let message = Corpus::from_dir(&dir).map(|_| ()).expect_err("an HTML page without text is refused").to_string();
    assert!(message.contains("empty.html") && message.contains("no article text"), "{message}");
    let _ = std::fs::remove_dir_all(Path::new(&dir));
}
