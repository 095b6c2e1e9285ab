//! Separating an article's body from the page furniture that scraped news carries with it:
//! "Title:" and "Word Count:" headers, breadcrumbs, reaction widgets, agency disclaimers,
//! "Related" headline lists and author bios. None of these may produce claims.

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

/// Extracts the body of a plain-text article. `known_title` (from a manifest) is removed from
/// the body when a line repeats it.
pub fn article_body(raw: &str, known_title: Option<&str>) -> Body {
    let mut title = None;
    let mut kept: Vec<&str> = Vec::new();
    for line in raw.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let lower = line.to_lowercase();
        if let Some(t) = line.strip_prefix("Title:") {
            title.get_or_insert_with(|| t.trim().to_string());
            continue;
        }
        if is_list_heading(&lower) && !kept.is_empty() {
            break; // everything after "Related" is other stories
        }
        if NOTICE_PREFIXES.iter().any(|p| lower.starts_with(p)) || is_bare_url(line) {
            continue;
        }
        if known_title.is_some_and(|t| same_text(t, line)) || title.as_deref().is_some_and(|t| same_text(t, line)) {
            continue;
        }
        if is_widget(line) {
            continue;
        }
        kept.push(line);
    }
    if kept.last().is_some_and(|l| is_author_bio(l)) {
        kept.pop();
    }
    // A first line without final punctuation followed by body text is the headline.
    if title.is_none() && known_title.is_none() && kept.len() > 1 && !ends_sentence(kept[0]) && kept[0].split_whitespace().count() >= 4 {
        title = Some(kept.remove(0).to_string());
    }
    Body { title, text: kept.join("\n") }
}

fn is_list_heading(lower: &str) -> bool {
    let l = lower.trim_end_matches([':', '.']);
    LIST_HEADINGS.contains(&l)
}

fn is_bare_url(line: &str) -> bool {
    !line.contains(' ') && (line.starts_with("http://") || line.starts_with("https://") || line.starts_with("www."))
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    norm(a) == norm(b)
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end().ends_with(['.', '!', '?', '"', '”', '»', ':', ')'])
}

/// Short fragments with no sentence in them: "View", "veryGood! (186)", "Share".
fn is_widget(line: &str) -> bool {
    line.split_whitespace().count() <= 2 && line.chars().filter(|c| c.is_alphabetic()).count() < 20
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
}
