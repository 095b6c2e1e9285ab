//! Article files in other formats turned into plain text, one paragraph per line, before
//! [`crate::boilerplate`] and the analysis read them.
//!
//! HTML goes through `scraper` (html5ever, the HTML5 parsing algorithm browsers use), so broken
//! markup, entities and scripts are handled as a browser would; it is a native-only dependency
//! because the wasm engine only loads compiled corpora. Markdown needs no parser for this: only
//! its inline markers have to go, and lines already are paragraphs.

#[cfg(not(target_arch = "wasm32"))]
pub use html::{html_to_text, HtmlPage};

/// Markdown to plain text: front matter, images, link targets, emphasis and heading markers
/// removed; one paragraph per line.
pub fn markdown_to_text(markdown: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = markdown.lines().peekable();
    if lines.peek().is_some_and(|l| l.trim() == "---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
        }
    }
    let mut paragraph = String::new();
    let mut in_code = false;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let heading = trimmed.starts_with('#');
        let item = trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ");
        if trimmed.is_empty() || heading || item {
            flush(&mut paragraph, &mut out);
        }
        if trimmed.is_empty() {
            continue;
        }
        let content = trimmed.trim_start_matches('#').trim_start_matches('>').trim();
        let inline = strip_inline(content);
        if heading || item {
            out.push(inline.trim().to_string());
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(&inline);
        }
    }
    flush(&mut paragraph, &mut out);
    out.join("\n")
}

fn flush(paragraph: &mut String, out: &mut Vec<String>) {
    let text = paragraph.trim();
    if !text.is_empty() {
        out.push(text.to_string());
    }
    paragraph.clear();
}

/// Removes images, link targets, emphasis and code markers from one line of Markdown.
fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let image = rest.starts_with("![");
        if image || c == '[' {
            let open = if image { 2 } else { 1 };
            if let Some((label, after)) = rest.get(open..).and_then(|r| r.split_once(']')) {
                if let Some(target) = after.strip_prefix('(').and_then(|a| a.split_once(')')) {
                    if !image {
                        out.push_str(label);
                    }
                    rest = target.1;
                    continue;
                }
            }
        }
        if rest.starts_with("**") || rest.starts_with("__") {
            rest = rest.get(2..).unwrap_or_default();
            continue;
        }
        if c == '*' || c == '`' {
            rest = rest.get(1..).unwrap_or_default();
            continue;
        }
        out.push(c);
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
mod html {
    use ego_tree::NodeRef;
    use scraper::{ElementRef, Html, Node, Selector};

    use crate::boilerplate;

    /// The readable part of an HTML page.
    #[derive(Debug, Default, PartialEq)]
    pub struct HtmlPage {
        /// The article's `<h1>`, else the document `<title>`.
        pub title: Option<String>,
        /// The body text, one block element per line.
        pub text: String,
    }

    /// Elements that never hold article text.
    const SKIPPED: &[&str] = &[
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
        "button", "iframe", "svg", "select", "figure", "head",
    ];

    /// Class or id fragments of page furniture ("related-stories", "share-bar").
    const FURNITURE_MARKERS: &[&str] = &["related", "recommend", "share", "social", "newsletter", "comment", "advert", "promo", "breadcrumb", "subscribe", "cookie"];

    /// Elements after which a new line starts.
    const BLOCKS: &[&str] = &[
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
        "ol", "blockquote", "pre", "table", "tr", "dd", "dt", "dl", "figcaption", "body",
    ];

    /// The article body of an HTML page as plain text: `<article>` or `<main>` when the page
    /// has one, else `<body>`; furniture elements and "Related" lists dropped; entities decoded
    /// by the parser; block elements become line breaks.
    pub fn html_to_text(html: &str) -> HtmlPage {
        let document = Html::parse_document(html);
        let root = ["article", "main", "body"]
            .iter()
            .filter_map(|s| Selector::parse(s).ok())
            .find_map(|s| document.select(&s).max_by_key(|e| e.text().map(str::len).sum::<usize>()));
        let mut raw = String::new();
        match root {
            Some(root) => walk(*root, &mut raw),
            None => walk(document.tree.root(), &mut raw),
        }
        let text = raw.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
        let heading = |selector: &str, within: Option<ElementRef<'_>>| {
            let selector = Selector::parse(selector).ok()?;
            let found = match within {
                Some(scope) => scope.select(&selector).next(),
                None => document.select(&selector).next(),
            }?;
            let t = found.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            (!t.is_empty()).then_some(t)
        };
        let title = heading("h1", root).or_else(|| heading("title", None));
        HtmlPage { title, text }
    }

    fn walk(node: NodeRef<'_, Node>, out: &mut String) {
        let mut skip_list = false;
        for child in node.children() {
            match child.value() {
                Node::Text(t) => out.push_str(&t.text),
                Node::Element(e) => {
                    let name = e.name();
                    if name == "br" {
                        out.push('\n');
                        continue;
                    }
                    let furniture = [e.attr("class"), e.attr("id")]
                        .into_iter()
                        .flatten()
                        .any(|v| FURNITURE_MARKERS.iter().any(|m| v.to_lowercase().contains(m)));
                    if SKIPPED.contains(&name) || furniture {
                        continue;
                    }
                    if skip_list && matches!(name, "ul" | "ol" | "div" | "section") {
                        skip_list = false;
                        continue;
                    }
                    if name.len() == 2 && name.starts_with('h') {
                        let heading = ElementRef::wrap(child).map(|h| h.text().collect::<String>()).unwrap_or_default();
                        if boilerplate::is_list_heading(&heading.trim().to_lowercase()) {
                            skip_list = true; // the list that follows is other stories
                            continue;
                        }
                    }
                    let block = BLOCKS.contains(&name);
                    if block {
                        out.push('\n');
                    }
                    walk(child, out);
                    if block {
                        out.push('\n');
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_words_and_drops_markup() {
        let md = "---\ntitle: x\n---\n# The Headline\n\nKim **met** [Lavrov](https://example.org) in\nPyongyang. ![photo](a.jpg)\n\n- a list item";
        assert_eq!(markdown_to_text(md), "The Headline\nKim met Lavrov in Pyongyang.\n- a list item");
    }

    #[test]
    fn html_article_body_only() {
        let html = r#"<html><head><title>Site | Story</title><script>var x = "Lavrov";</script></head>
            <body><nav>Home &gt; News</nav><article><h1>Lavrov in Pyongyang</h1>
            <p>Kim Jong Un received Sergei Lavrov &amp; his delegation.</p><p>They met<br>for an hour.</p>
            <h2>Related</h2><ul><li>Another story</li></ul></article><footer>© Site</footer></body></html>"#;
        let page = html_to_text(html);
        assert_eq!(page.title.as_deref(), Some("Lavrov in Pyongyang"));
        assert_eq!(page.text, "Lavrov in Pyongyang\nKim Jong Un received Sergei Lavrov & his delegation.\nThey met\nfor an hour.");
    }
}
