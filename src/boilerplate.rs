//! Separating an article's body from the page furniture that scraped news carries with it:
//! "Title:" and "Word Count:" headers, breadcrumbs, reaction widgets, agency disclaimers,
//! "Related" headline lists and author bios. None of these may produce claims.

use crate::text::Span;

/// An article's text split into what the engine reads and what it learned on the way.
#[derive(Debug, Default, PartialEq)]
pub struct Body {
    /// A headline found in the text ("Title: …" or a title-like first line).
    pub title: Option<String>,
    /// The body text, one paragraph per line.
    pub text: String,
}

/// Section headings after which a page lists other stories, not this one.
const LIST_HEADINGS: &[&str] = &[
    "related", "ranking", "recommendation", "recommended", "read more", "more from", "trending",
    "most read", "most popular", "popular", "you may also like", "more stories", "latest news",
    "see also", "also read",
];

/// Line prefixes that mark metadata or notices rather than reporting.
const NOTICE_PREFIXES: &[&str] = &["word count:", "disclaimer:", "current:", "date:", "published:", "updated:", "share this", "advertisement"];

/// What a line of a scraped article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineKind {
    /// The article's own text.
    Body,
    /// A headline: a title-like first line, a "Title:" line or a repeat of the known title.
    Headline,
    /// Page furniture.
    Furniture,
}

/// One non-empty line of a text: its trimmed span and what it is.
struct Line {
    span: Span,
    kind: LineKind,
}

/// Classifies every non-empty line of `raw`. This is the one place the rules live: the corpus
/// path drops the non-body lines, the page path (whose text cannot change, because offsets must
/// stay those of the page) reports them as regions.
fn classify(raw: &str, known_title: Option<&str>) -> (Vec<Line>, Option<String>) {
    let mut title: Option<String> = None;
    let mut lines: Vec<Line> = Vec::new();
    let mut in_list = false;
    let mut has_body = false;
    let mut offset = 0;
    for piece in raw.split_inclusive('\n') {
        let start = offset;
        offset += piece.len();
        let line = piece.trim();
        if line.is_empty() {
            continue;
        }
        let lead = piece.len() - piece.trim_start().len();
        let span = Span::new(start + lead, start + lead + line.len());
        // Headings and notice prefixes are short: only the line's start is lower-cased, cut at
        // whitespace (where lower-casing never looks across) 64 bytes or more in.
        let cut = line.bytes().enumerate().skip(64).find(|(_, b)| b.is_ascii_whitespace()).map_or(line.len(), |(i, _)| i);
        let lower = line[..cut].to_lowercase();
        let kind = if in_list {
            LineKind::Furniture
        } else if let Some(t) = line.strip_prefix("Title:") {
            title.get_or_insert_with(|| t.trim().to_string());
            LineKind::Headline
        } else if cut == line.len() && is_list_heading(&lower) && has_body {
            in_list = true; // everything after "Related" is other stories
            LineKind::Furniture
        } else if NOTICE_PREFIXES.iter().any(|p| lower.starts_with(p)) || is_bare_url(line) || is_widget(line) {
            LineKind::Furniture
        } else if known_title.is_some_and(|t| same_text(t, line)) || title.as_deref().is_some_and(|t| same_text(t, line)) {
            LineKind::Headline
        } else {
            LineKind::Body
        };
        has_body |= kind == LineKind::Body;
        lines.push(Line { span, kind });
    }
    if let Some(last) = lines.iter_mut().rev().find(|l| l.kind == LineKind::Body) {
        if is_author_bio(last.span.of(raw)) {
            last.kind = LineKind::Furniture;
        }
    }
    // A first line without final punctuation followed by body text is the headline.
    let mut body = lines.iter_mut().filter(|l| l.kind == LineKind::Body);
    if let (Some(first), Some(_)) = (body.next(), body.next()) {
        let first_text = first.span.of(raw);
        if title.is_none() && known_title.is_none() && !ends_sentence(first_text) && first_text.split_whitespace().count() >= 4 {
            title = Some(first_text.to_string());
            first.kind = LineKind::Headline;
        }
    }
    (lines, title)
}

/// Extracts the body of a plain-text article. `known_title` (from a manifest) is removed from
/// the body when a line repeats it.
pub fn article_body(raw: &str, known_title: Option<&str>) -> Body {
    let (lines, title) = classify(raw, known_title);
    let kept: Vec<&str> = lines.iter().filter(|l| l.kind == LineKind::Body).map(|l| l.span.of(raw)).collect();
    Body { title, text: kept.join("\n") }
}

/// The spans of a page's text that hold no claims: page furniture and headlines, in order.
pub fn regions(text: &str) -> Vec<Span> {
    let (lines, _) = classify(text, None);
    lines.into_iter().filter(|l| l.kind != LineKind::Body).map(|l| l.span).collect()
}

/// A line that announces a list of other stories ("Related", "Most read:").
pub(crate) fn is_list_heading(lower: &str) -> bool {
    let l = lower.trim_end_matches([':', '.']);
    LIST_HEADINGS.contains(&l)
}

fn is_bare_url(line: &str) -> bool {
    !line.contains(' ') && (line.starts_with("http://") || line.starts_with("https://") || line.starts_with("www."))
}

fn same_text(a: &str, b: &str) -> bool {
    // Compared as they are normalised, without copies: once a title is known every line is
    // compared with it, and most differ at their first letter.
    fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase)
    }
    letters(a).eq(letters(b))
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', '»', ':', ')'])
}

/// Short fragments with no sentence in them: "View", "veryGood! (186)", "Share".
fn is_widget(line: &str) -> bool {
    line.split_whitespace().take(3).count() <= 2 && line.chars().filter(|c| c.is_alphabetic()).count() < 20
}

/// A closing line of three or more very short, verb-less fragments ("Travel aficionado.
/// Incurable bacon specialist. Tv evangelist."): the template bio some sites append.
fn is_author_bio(line: &str) -> bool {
    let inner = line.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '\'' | ' '));
    let fragments: Vec<&str> = inner.split(['.', '!']).map(str::trim).filter(|f| !f.is_empty()).collect();
    fragments.len() >= 3 && fragments.iter().all(|f| f.split_whitespace().count() <= 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_bios_and_related_lists_are_removed() {
        let raw = "Title: A Visit\nWord Count: 350\nLavrov visited Pyongyang.\nHe met Kim.\n“Travel aficionado. Incurable bacon specialist. Tv evangelist. Typical creator.”\n";
        let body = article_body(raw, None);
        assert_eq!(body.title.as_deref(), Some("A Visit"));
        assert_eq!(body.text, "Lavrov visited Pyongyang.\nHe met Kim.");

        let raw = "Current:Home > News\nView\nDate:2025-04-26 21:37:10\nLONDON -- Lavrov arrived.\nveryGood! (186)\nRelated\n- Some other story entirely\n";
        assert_eq!(article_body(raw, None).text, "LONDON -- Lavrov arrived.");
    }

    #[test]
    fn disclaimers_urls_and_repeated_titles_go() {
        let raw = "The Headline Of The Story Here\nKim met Lavrov.\nhttps://x.com/status/1\nDisclaimer: This post has been auto-published.";
        let body = article_body(raw, Some("The Headline of the Story Here"));
        assert_eq!(body.text, "Kim met Lavrov.");
    }

    #[test]
    fn regions_cover_furniture_but_not_the_body() {
        let text = "Title: A Visit\nWord Count: 350\nLavrov visited Pyongyang.\nRelated\n- Another story\n";
        let regions: Vec<&str> = regions(text).iter().map(|s| s.of(text)).collect();
        assert_eq!(regions, vec!["Title: A Visit", "Word Count: 350", "Related", "- Another story"]);
    }
}
