//! The payload of corpus format version 4: articles packed small.
//!
//! Version 3 stored every article as [`postcard`] encodes it: the text as it is and the
//! analysis with all its strings, 6.2 kB for an article of 2.9 kB. Version 4 keeps the same
//! information in about a third of that:
//!
//! - each article's text is DEFLATE-compressed on its own ([`miniz_oxide`]), so one article can
//!   be read, exported or stored alone;
//! - the analyses (with the metadata) form one section, compressed as a whole: strings the
//!   analyses repeat (entity ids, stems, roles, TIMEX3 values, units) are stored once in a
//!   table and referred to by number; spans are stored as distances from the previous span; and
//!   what a claim quotes from its own text (how a date, a place or a number is written, an
//!   actor's id and role) is stored as a reference to the entity, time or quantity it comes
//!   from, whenever it is one.
//!
//! ```text
//! payload = varint article count
//!           varint section length (uncompressed), varint section length (compressed), section
//!           per article: varint compressed length, compressed text
//! section = varint string count, per string: varint length, UTF-8 bytes
//!           per article: metadata, varint text length, analysis
//! ```
//!
//! Integers are LEB128 varints; signed ones (span distances) are zigzag-encoded first. Reading
//! never trusts a count or a length: every one is checked against the bytes that are left, so a
//! hostile file is refused with a reason, never allowed to allocate without bound or panic.

use std::collections::HashMap;

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use super::{Article, ArticleMeta, MAX_ARTICLE_BYTES};
use crate::analysis::Analysis;
use crate::claims::{Actor, Amount, Certainty, Claim, Occasion, Place, Slots, When};
use crate::entities::{Entity, EntityKind};
use crate::quantities::Quantity;
use crate::text::Span;
use crate::time::{TimeExpr, TimeKind};

/// DEFLATE level: 9, the smallest output miniz_oxide makes short of its slow level 10.
const LEVEL: u8 = 9;

/// How much larger than its compressed form a text or the analysis section may be. Real ones
/// are 2 to 3 times larger; DEFLATE can reach 1,032 times, which a hostile file would use to
/// make a small file take all memory.
const MAX_EXPANSION: u64 = 256;

/// Encodes articles into a version 4 payload.
pub fn encode(articles: &[Article]) -> Vec<u8> {
    // Two passes: the first counts how often each string is used, so that the table can list
    // the most used first and their numbers take one byte.
    let mut strings = Strings::default();
    let mut scratch = Writer::default();
    for article in articles {
        write_article(&mut scratch, &mut strings, article);
    }
    strings.rank_by_use();
    let mut w = Writer::default();
    for article in articles {
        write_article(&mut w, &mut strings, article);
    }
    let mut section = Vec::new();
    let mut head = Writer::default();
    head.usize(strings.list.len());
    for &k in &strings.order {
        if let Some(s) = strings.list.get(k) {
            head.bytes(Stream::Table, s.as_bytes());
        }
    }
    for (a, b) in head.streams.iter().zip(&w.streams) {
        let mut len = Writer::default();
        len.usize(a.len() + b.len());
        section.extend_from_slice(&len.streams[0]);
    }
    for (a, b) in head.streams.iter().zip(&w.streams) {
        section.extend_from_slice(a);
        section.extend_from_slice(b);
    }
    let packed = compress_to_vec(&section, LEVEL);
    let mut out = Writer::default();
    out.usize(articles.len());
    out.usize(section.len());
    out.bytes(Stream::Counts, &packed);
    for article in articles {
        out.bytes(Stream::Counts, &compress_to_vec(article.text.as_bytes(), LEVEL));
    }
    std::mem::take(&mut out.streams[Stream::Counts as usize])
}

/// Decodes a version 4 payload. Spans are checked afterwards by the caller, as for every
/// version; here every count, length, index and string is.
pub fn decode(payload: &[u8]) -> Result<Vec<Article>, String> {
    let mut outer = Reader::single(payload);
    let count = outer.usize()?;
    let section_len = outer.usize()?;
    let packed = outer.bytes(Stream::Counts)?;
    if section_len as u64 > (packed.len() as u64).saturating_mul(MAX_EXPANSION) {
        return Err(format!("analysis section claims {section_len} bytes from {} compressed", packed.len()));
    }
    let mut inflater = Box::<DecompressorOxide>::default();
    let section = inflate_exact(&mut inflater, packed, section_len).map_err(|e| format!("analysis section: {e}"))?;
    let mut r = Reader::streams(&section)?;
    let n_strings = r.count()?;
    let mut table = Vec::with_capacity(n_strings);
    for _ in 0..n_strings {
        table.push(r.str(Stream::Table)?.to_string());
    }
    let mut articles = Vec::with_capacity(count.min(outer.remaining()));
    for k in 0..count {
        let (meta, text_len) = read_meta(&mut r, &table).map_err(|e| format!("article {k}: {e}"))?;
        let in_article = |e: String| format!("article {:?}: {e}", meta.id);
        let text = inflate_text(&mut inflater, outer.bytes(Stream::Counts).map_err(in_article)?, text_len).map_err(in_article)?;
        let analysis = read_analysis(&mut r, &table, &text).map_err(in_article)?;
        articles.push(Article { meta, text, analysis });
    }
    if !r.at_end() || !outer.at_end() {
        return Err("bytes left over after the last article".into());
    }
    Ok(articles)
}

fn inflate_text(inflater: &mut DecompressorOxide, packed: &[u8], len: usize) -> Result<String, String> {
    if len as u64 > MAX_ARTICLE_BYTES || len as u64 > (packed.len() as u64).saturating_mul(MAX_EXPANSION) {
        return Err(format!("text of {len} bytes is too large"));
    }
    String::from_utf8(inflate_exact(inflater, packed, len)?).map_err(|_| "text is not UTF-8".to_string())
}

/// Inflates `packed`, which must give exactly `len` bytes. The buffer starts at the size that
/// real data needs and grows only as output actually comes, so a file that claims a huge size
/// for a small stream makes no huge allocation before it is refused.
fn inflate_exact(inflater: &mut DecompressorOxide, packed: &[u8], len: usize) -> Result<Vec<u8>, String> {
    let mut out = vec![0u8; len.min(packed.len().saturating_mul(4).saturating_add(65_536))];
    inflater.init();
    let (mut read, mut written) = (0, 0);
    loop {
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
        let (status, r, w) = decompress(inflater, packed.get(read..).unwrap_or_default(), &mut out, written, flags);
        read += r;
        written += w;
        match status {
            TINFLStatus::Done if written == len && read == packed.len() => return Ok(out),
            TINFLStatus::Done => return Err(format!("compressed data gives {written} bytes, not {len}")),
            TINFLStatus::HasMoreOutput if out.len() < len => out.resize(out.len().saturating_mul(2).min(len), 0),
            TINFLStatus::HasMoreOutput => return Err(format!("compressed data gives more than {len} bytes")),
            other => return Err(format!("compressed data is damaged ({other:?})")),
        }
    }
}

// --- the analysis, field by field -----------------------------------------------------------
//
// Writing and reading mirror each other. Every struct is taken apart with a pattern that names
// all its fields, so a field added to the analysis fails to compile here until it is stored
// (and the format version bumped). Values go to streams by kind (counts, spans, flags, string
// numbers, item numbers, numbers, metadata), which DEFLATE compresses far better than the same
// values interleaved.

/// The streams of a section, in the order they are stored.
#[derive(Clone, Copy)]
enum Stream {
    /// Lengths of lists and texts.
    Counts,
    /// Span starts, as distances from the previous span of the same list.
    Starts,
    /// Span lengths.
    Lengths,
    /// Kinds, flags and small codes.
    Flags,
    /// Numbers of strings in the table.
    Strings,
    /// Numbers of items (entities, times, quantities, sentences), mostly as distances.
    Items,
    /// Amounts.
    Numbers,
    /// Metadata strings (ids, titles, URLs) and the string table.
    Table,
}

const STREAMS: usize = 8;

/// How an entity's id is stored: derived from how the text writes it, as an earlier entity's,
/// or from the table.
const ID_LOWERCASE: u64 = 0;
const ID_EARLIER: u64 = 1;
const ID_TABLE: u64 = 2;

/// Text that a claim slot quotes from its article is stored as the item it comes from (the
/// article's text is read before its analysis).
const LITERAL: u64 = 0;
const FROM_ENTITY: u64 = 1;
const FROM_TIME: u64 = 2;
const FROM_QUANTITY: u64 = 3;

/// The id an entity gets when it is the lower-cased text (the common case: "Pyongyang").
fn lowercase_id(surface: &str) -> Option<String> {
    surface.bytes().all(|b| b.is_ascii_alphanumeric() || b == b' ').then(|| surface.to_ascii_lowercase())
}

fn write_article(w: &mut Writer, s: &mut Strings, a: &Article) {
    let ArticleMeta { id, title, outlet, url, published, added } = &a.meta;
    w.bytes(Stream::Table, id.as_bytes());
    w.opt_bytes(title.as_deref());
    w.opt_bytes(url.as_deref());
    for field in [outlet, published, added] {
        w.opt_str(s, field.as_deref());
    }
    w.usize(a.text.len());
    let text = a.text.as_str();
    let Analysis { sentences, entities, times, quantities, claims, boilerplate, occasion } = &a.analysis;
    w.spans(sentences);
    w.spans(boilerplate);
    w.usize(entities.len());
    let mut at = 0;
    // Where each id was last seen, so that every entity costs the same however many there are.
    let mut last_seen: HashMap<&str, usize> = HashMap::new();
    for (k, Entity { span, kind, id, role }) in entities.iter().enumerate() {
        w.span(span, &mut at);
        let kind = match kind {
            EntityKind::Person => 0,
            EntityKind::Org => 1,
            EntityKind::Place => 2,
            EntityKind::Misc => 3,
        };
        let earlier = last_seen.insert(id.as_str(), k).map(|j| k - j);
        let mode = if text.get(span.start..span.end).and_then(lowercase_id).as_ref() == Some(id) {
            ID_LOWERCASE
        } else if earlier.is_some() {
            ID_EARLIER
        } else {
            ID_TABLE
        };
        w.flag(kind | mode << 2 | u64::from(role.is_some()) << 4);
        match mode {
            ID_EARLIER => w.item(earlier.unwrap_or(0) as u64),
            ID_TABLE => w.str(s, id),
            _ => {}
        }
        if let Some(role) = role {
            w.str(s, role);
        }
    }
    w.usize(times.len());
    let mut at = 0;
    for TimeExpr { span, kind, value, modifier } in times {
        w.span(span, &mut at);
        w.flag(match kind {
            TimeKind::Date => 0,
            TimeKind::Time => 1,
            TimeKind::Duration => 2,
            TimeKind::Set => 3,
        });
        w.str(s, value);
        w.opt_str(s, modifier.as_deref());
    }
    w.usize(quantities.len());
    let mut at = 0;
    for Quantity { span, value, unit, hedge, vague } in quantities {
        w.span(span, &mut at);
        w.f64(*value);
        w.opt_str(s, unit.as_deref());
        w.opt_str(s, hedge.as_deref());
        w.flag(u64::from(*vague));
    }
    let quote = Quote::new(text, &a.analysis);
    w.usize(claims.len());
    let mut at = 0;
    let mut sentence = 0usize;
    let mut firsts = [0i64; 3];
    for Claim { span, entities: claim_entities, times: claim_times, quantities: claim_quantities, slots } in claims {
        // Most claims are a whole sentence: stored as the sentence's number.
        match sentences.iter().position(|x| x == span) {
            Some(k) => {
                w.flag(1);
                w.item(zigzag(k as i64 - sentence as i64));
                sentence = k;
            }
            None => {
                w.flag(0);
                w.span(span, &mut at);
            }
        }
        w.indices(claim_entities, &mut firsts[0]);
        w.indices(claim_times, &mut firsts[1]);
        w.indices(claim_quantities, &mut firsts[2]);
        let base = claim_entities.first().map_or(0, |&e| i64::from(e));
        let Slots { who, what, quoted, when, places, amounts, attribution, certainty } = slots;
        w.usize(who.len());
        for Actor { id, entity, role } in who {
            // Actors are among the claim's entities: counted from its first.
            w.item(zigzag(i64::from(*entity).wrapping_sub(base)));
            let of = entities.get(*entity as usize);
            let same_id = of.is_some_and(|e| &e.id == id);
            let same_role = of.is_some_and(|e| &e.role == role);
            w.flag(u64::from(same_id) | u64::from(same_role) << 1);
            if !same_id {
                w.str(s, id);
            }
            if !same_role {
                w.opt_str(s, role.as_deref());
            }
        }
        w.usize(what.len());
        for stem in what {
            w.str(s, stem);
        }
        w.usize(quoted.len());
        for stem in quoted {
            w.str(s, stem);
        }
        w.usize(when.len());
        for When { value, text, weekday, anchored } in when {
            let from = quote.write(w, s, text);
            let same_value = matches!(from, Some((FROM_TIME, k)) if a.analysis.times.get(k).is_some_and(|t| &t.value == value));
            let day = weekday.map_or(0, |d| u64::from(d) + 1);
            w.flag(u64::from(same_value) | u64::from(*anchored) << 1 | day << 2);
            if !same_value {
                w.str(s, value);
            }
        }
        w.usize(places.len());
        for place in places {
            write_place(w, s, &quote, place);
        }
        w.usize(amounts.len());
        for Amount { value, unit, hedge, vague, text } in amounts {
            let from = quote.write(w, s, text);
            let of = match from {
                Some((FROM_QUANTITY, k)) => a.analysis.quantities.get(k),
                _ => None,
            };
            let same = of.is_some_and(|q| q.value.to_bits() == value.to_bits() && &q.hedge == hedge && q.vague == *vague);
            w.flag(u64::from(same));
            if !same {
                w.f64(*value);
                w.opt_str(s, hedge.as_deref());
                w.flag(u64::from(*vague));
            }
            w.opt_str(s, unit.as_deref());
        }
        w.opt_str(s, attribution.as_deref());
        w.flag(match certainty {
            Certainty::Asserted => 0,
            Certainty::Reported => 1,
            Certainty::Alleged => 2,
            Certainty::Unconfirmed => 3,
            Certainty::Denied => 4,
        });
    }
    let Occasion { date, towns } = occasion;
    w.opt_str(s, date.as_deref());
    w.usize(towns.len());
    for place in towns {
        write_place(w, s, &quote, place);
    }
}

fn write_place(w: &mut Writer, s: &mut Strings, quote: &Quote<'_>, Place { id, text }: &Place) {
    let from = quote.write(w, s, text);
    let same_id = matches!(from, Some((FROM_ENTITY, k)) if quote.analysis.entities.get(k).is_some_and(|e| &e.id == id));
    w.flag(u64::from(same_id));
    if !same_id {
        w.str(s, id);
    }
}

/// Finds the entity, time or quantity whose text a slot quotes: the first entity with that
/// text, else the first time, else the first quantity.
struct Quote<'a> {
    analysis: &'a Analysis,
    items: HashMap<&'a str, (u64, usize)>,
}

impl<'a> Quote<'a> {
    fn new(text: &'a str, analysis: &'a Analysis) -> Self {
        let mut items = HashMap::new();
        let spans = analysis.entities.iter().enumerate().map(|(k, e)| (FROM_ENTITY, k, e.span));
        let spans = spans.chain(analysis.times.iter().enumerate().map(|(k, t)| (FROM_TIME, k, t.span)));
        let spans = spans.chain(analysis.quantities.iter().enumerate().map(|(k, q)| (FROM_QUANTITY, k, q.span)));
        for (kind, k, span) in spans {
            if let Some(written) = text.get(span.start..span.end) {
                items.entry(written).or_insert((kind, k));
            }
        }
        Quote { analysis, items }
    }

    /// Writes `quoted` as the item it is the text of, or as a string; returns the item.
    fn write(&self, w: &mut Writer, s: &mut Strings, quoted: &str) -> Option<(u64, usize)> {
        let from = self.items.get(quoted).copied();
        match from {
            Some((kind, k)) => {
                w.flag(kind);
                w.item(k as u64);
            }
            None => {
                w.flag(LITERAL);
                w.str(s, quoted);
            }
        }
        from
    }
}

/// The items of an article read so far, for slot texts and ids that refer to them.
struct Items<'a> {
    text: &'a str,
    entities: &'a [Entity],
    times: &'a [TimeExpr],
    quantities: &'a [Quantity],
}

fn text_of(text: &str, span: Span) -> Result<&str, String> {
    text.get(span.start..span.end).ok_or_else(|| format!("span {}..{} is outside its text or splits a character", span.start, span.end))
}

impl Items<'_> {
    /// Reads a quoted text: the item it is the text of, or a string.
    fn quoted(&self, r: &mut Reader<'_>, table: &[String]) -> Result<(String, Option<(u64, usize)>), String> {
        let kind = r.flag()?;
        if kind == LITERAL {
            return Ok((r.table(table)?, None));
        }
        let k = usize::try_from(r.item()?).map_err(|_| "an item number is out of range".to_string())?;
        let span = match kind {
            FROM_ENTITY => self.entities.get(k).map(|e| e.span),
            FROM_TIME => self.times.get(k).map(|t| t.span),
            FROM_QUANTITY => self.quantities.get(k).map(|q| q.span),
            _ => return Err(format!("unknown quotation kind {kind}")),
        };
        let span = span.ok_or_else(|| format!("a claim quotes item {k} of kind {kind}, which does not exist"))?;
        Ok((text_of(self.text, span)?.to_string(), Some((kind, k))))
    }

    fn place(&self, r: &mut Reader<'_>, table: &[String]) -> Result<Place, String> {
        let (text, from) = self.quoted(r, table)?;
        let id = if r.bool()? {
            match from {
                Some((FROM_ENTITY, k)) => self.entities.get(k).map(|e| e.id.clone()).ok_or("a place refers to a missing entity")?,
                _ => return Err("a place takes its id from something that is not an entity".into()),
            }
        } else {
            r.table(table)?
        };
        Ok(Place { id, text })
    }
}

fn read_meta(r: &mut Reader<'_>, table: &[String]) -> Result<(ArticleMeta, usize), String> {
    let id = r.str(Stream::Table)?.to_string();
    let title = r.opt_bytes()?.map(str::to_string);
    let url = r.opt_bytes()?.map(str::to_string);
    let (outlet, published, added) = (r.opt_table(table)?, r.opt_table(table)?, r.opt_table(table)?);
    Ok((ArticleMeta { id, title, outlet, url, published, added }, r.usize()?))
}

fn read_analysis(r: &mut Reader<'_>, table: &[String], text: &str) -> Result<Analysis, String> {
    // No list of spans is longer than the text has bytes: each count is checked against it.
    let within = |n: usize| if n > text.len() + 1 { Err(format!("{n} items in a text of {} bytes", text.len())) } else { Ok(n) };
    let sentences = r.spans(text.len())?;
    let boilerplate = r.spans(text.len())?;
    let n = within(r.count()?)?;
    let mut entities: Vec<Entity> = Vec::with_capacity(n);
    let mut at = 0;
    for k in 0..n {
        let span = r.span(&mut at)?;
        let flags = r.flag()?;
        let kind = match flags & 3 {
            0 => EntityKind::Person,
            1 => EntityKind::Org,
            2 => EntityKind::Place,
            _ => EntityKind::Misc,
        };
        let id = match flags >> 2 & 3 {
            ID_LOWERCASE => lowercase_id(text_of(text, span)?).ok_or("an entity id cannot be derived from its text")?,
            ID_EARLIER => {
                let back = usize::try_from(r.item()?).unwrap_or(usize::MAX);
                k.checked_sub(back).filter(|&j| j < k).and_then(|j| entities.get(j)).map(|e| e.id.clone()).ok_or("an entity refers to a later one")?
            }
            ID_TABLE => r.table(table)?,
            m => return Err(format!("unknown id kind {m}")),
        };
        let role = if flags >> 4 & 1 != 0 { Some(r.table(table)?) } else { None };
        if flags >> 5 != 0 {
            return Err(format!("unknown entity flags {flags}"));
        }
        entities.push(Entity { span, kind, id, role });
    }
    let n = within(r.count()?)?;
    let mut times = Vec::with_capacity(n);
    let mut at = 0;
    for _ in 0..n {
        let span = r.span(&mut at)?;
        let kind = match r.flag()? {
            0 => TimeKind::Date,
            1 => TimeKind::Time,
            2 => TimeKind::Duration,
            3 => TimeKind::Set,
            k => return Err(format!("unknown time kind {k}")),
        };
        times.push(TimeExpr { span, kind, value: r.table(table)?, modifier: r.opt_table(table)? });
    }
    let n = within(r.count()?)?;
    let mut quantities = Vec::with_capacity(n);
    let mut at = 0;
    for _ in 0..n {
        let span = r.span(&mut at)?;
        quantities.push(Quantity { span, value: r.f64()?, unit: r.opt_table(table)?, hedge: r.opt_table(table)?, vague: r.bool()? });
    }
    let items = Items { text, entities: &entities, times: &times, quantities: &quantities };
    let n = within(r.count()?)?;
    let mut claims = Vec::with_capacity(n);
    let mut at = 0;
    let mut sentence = 0usize;
    let mut firsts = [0i64; 3];
    for _ in 0..n {
        let span = match r.flag()? {
            1 => {
                let d = unzigzag(r.item()?);
                sentence = (sentence as i64).checked_add(d).and_then(|k| usize::try_from(k).ok()).ok_or("a claim's sentence is out of range")?;
                *sentences.get(sentence).ok_or("a claim's sentence is out of range")?
            }
            0 => r.span(&mut at)?,
            f => return Err(format!("unknown claim flag {f}")),
        };
        let (claim_entities, claim_times, claim_quantities) = (r.indices(&mut firsts[0])?, r.indices(&mut firsts[1])?, r.indices(&mut firsts[2])?);
        let base = claim_entities.first().map_or(0, |&e| i64::from(e));
        let k = r.count()?;
        let mut who = Vec::with_capacity(k);
        for _ in 0..k {
            let entity = base.checked_add(unzigzag(r.item()?)).and_then(|e| u32::try_from(e).ok()).ok_or("entity index out of range")?;
            let flags = r.flag()?;
            let of = entities.get(entity as usize);
            let id = if flags & 1 != 0 { of.map(|e| e.id.clone()).ok_or("actor refers to a missing entity")? } else { r.table(table)? };
            let role = if flags & 2 != 0 { of.map(|e| e.role.clone()).ok_or("actor refers to a missing entity")? } else { r.opt_table(table)? };
            who.push(Actor { id, entity, role });
        }
        let k = r.count()?;
        let mut what = Vec::with_capacity(k);
        for _ in 0..k {
            what.push(r.table(table)?);
        }
        let k = r.count()?;
        let mut quoted = Vec::with_capacity(k);
        for _ in 0..k {
            quoted.push(r.table(table)?);
        }
        let k = r.count()?;
        let mut when = Vec::with_capacity(k);
        for _ in 0..k {
            let (text, from) = items.quoted(r, table)?;
            let flags = r.flag()?;
            let value = if flags & 1 != 0 {
                match from {
                    Some((FROM_TIME, t)) => times.get(t).map(|t| t.value.clone()).ok_or("a date refers to a missing time")?,
                    _ => return Err("a date takes its value from something that is not a time".into()),
                }
            } else {
                r.table(table)?
            };
            let weekday = match flags >> 2 {
                0 => None,
                d => Some(u8::try_from(d - 1).map_err(|_| "weekday out of range".to_string())?),
            };
            when.push(When { value, text, weekday, anchored: flags & 2 != 0 });
        }
        let k = r.count()?;
        let mut places = Vec::with_capacity(k);
        for _ in 0..k {
            places.push(items.place(r, table)?);
        }
        let k = r.count()?;
        let mut amounts = Vec::with_capacity(k);
        for _ in 0..k {
            let (text, from) = items.quoted(r, table)?;
            let (value, hedge, vague) = if r.bool()? {
                match from {
                    Some((FROM_QUANTITY, q)) => quantities.get(q).map(|q| (q.value, q.hedge.clone(), q.vague)).ok_or("an amount refers to a missing quantity")?,
                    _ => return Err("an amount takes its value from something that is not a quantity".into()),
                }
            } else {
                (r.f64()?, r.opt_table(table)?, r.bool()?)
            };
            amounts.push(Amount { value, unit: r.opt_table(table)?, hedge, vague, text });
        }
        let attribution = r.opt_table(table)?;
        let certainty = match r.flag()? {
            0 => Certainty::Asserted,
            1 => Certainty::Reported,
            2 => Certainty::Alleged,
            3 => Certainty::Unconfirmed,
            4 => Certainty::Denied,
            k => return Err(format!("unknown certainty {k}")),
        };
        let slots = Slots { who, what, quoted, when, places, amounts, attribution, certainty };
        claims.push(Claim { span, entities: claim_entities, times: claim_times, quantities: claim_quantities, slots });
    }
    let date = r.opt_table(table)?;
    let k = r.count()?;
    let mut towns = Vec::with_capacity(k);
    for _ in 0..k {
        towns.push(items.place(r, table)?);
    }
    Ok(Analysis { sentences, entities, times, quantities, claims, boilerplate, occasion: Occasion { date, towns } })
}

// --- bytes ------------------------------------------------------------------------------------

/// The string table being built: each distinct string once. Numbered in order of first use
/// while counting, then ranked by use ([`Strings::rank_by_use`]) for the real pass.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: HashMap<String, usize>,
    uses: Vec<u64>,
    /// Once ranked: `order[rank]` is a string's first-use number, `rank[number]` its rank.
    order: Vec<usize>,
    rank: Vec<u64>,
}

impl Strings {
    fn number(&mut self, s: &str) -> u64 {
        let k = match self.index.get(s) {
            Some(&k) => k,
            None => {
                let k = self.list.len();
                self.list.push(s.to_string());
                self.index.insert(s.to_string(), k);
                self.uses.push(0);
                k
            }
        };
        if let Some(u) = self.uses.get_mut(k) {
            *u += 1;
        }
        self.rank.get(k).copied().unwrap_or(k as u64)
    }

    fn rank_by_use(&mut self) {
        let mut order: Vec<usize> = (0..self.list.len()).collect();
        order.sort_by(|&a, &b| self.uses.get(b).cmp(&self.uses.get(a)).then(a.cmp(&b)));
        let mut rank = vec![0u64; order.len()];
        for (r, &k) in order.iter().enumerate() {
            if let Some(x) = rank.get_mut(k) {
                *x = r as u64;
            }
        }
        self.order = order;
        self.rank = rank;
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

#[derive(Default)]
struct Writer {
    streams: [Vec<u8>; STREAMS],
}

impl Writer {
    fn varint(&mut self, stream: Stream, mut v: u64) {
        let out = &mut self.streams[stream as usize];
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    fn usize(&mut self, v: usize) {
        self.varint(Stream::Counts, v as u64);
    }

    fn flag(&mut self, v: u64) {
        self.varint(Stream::Flags, v);
    }

    fn item(&mut self, v: u64) {
        self.varint(Stream::Items, v);
    }

    fn bytes(&mut self, stream: Stream, b: &[u8]) {
        self.usize(b.len());
        self.streams[stream as usize].extend_from_slice(b);
    }

    fn opt_bytes(&mut self, s: Option<&str>) {
        match s {
            None => self.usize(0),
            Some(s) => {
                self.usize(s.len() + 1);
                self.streams[Stream::Table as usize].extend_from_slice(s.as_bytes());
            }
        }
    }

    fn str(&mut self, strings: &mut Strings, s: &str) {
        let k = strings.number(s);
        self.varint(Stream::Strings, k);
    }

    fn opt_str(&mut self, strings: &mut Strings, s: Option<&str>) {
        match s {
            None => self.varint(Stream::Strings, 0),
            Some(s) => {
                let k = strings.number(s);
                self.varint(Stream::Strings, k + 1);
            }
        }
    }

    /// A span as the distance of its start from `at` (the end of the previous span of its
    /// list, so a sentence after a space starts at 1) and its length.
    fn span(&mut self, span: &Span, at: &mut usize) {
        self.varint(Stream::Starts, zigzag((span.start as i64).wrapping_sub(*at as i64)));
        self.varint(Stream::Lengths, zigzag((span.end as i64).wrapping_sub(span.start as i64)));
        *at = span.end;
    }

    fn spans(&mut self, spans: &[Span]) {
        self.usize(spans.len());
        let mut at = 0;
        for span in spans {
            self.span(span, &mut at);
        }
    }

    /// Ascending indices mostly: each as the distance from the one before, the first from
    /// `last` (the first of the previous claim's list).
    fn indices(&mut self, list: &[u32], last: &mut i64) {
        self.usize(list.len());
        let mut previous = *last;
        for (k, &i) in list.iter().enumerate() {
            self.item(zigzag(i64::from(i).wrapping_sub(previous)));
            previous = i64::from(i);
            if k == 0 {
                *last = previous;
            }
        }
    }

    /// Whole numbers (almost all counts) as varints, anything else as its 8 bytes.
    fn f64(&mut self, v: f64) {
        let whole = v.is_finite() && v == v.trunc() && v.abs() < 9.0e15 && !(v == 0.0 && v.is_sign_negative());
        if whole {
            self.varint(Stream::Numbers, zigzag(v as i64) * 2);
        } else {
            self.varint(Stream::Numbers, 1);
            self.streams[Stream::Numbers as usize].extend_from_slice(&v.to_bits().to_le_bytes());
        }
    }
}

struct Reader<'a> {
    streams: [&'a [u8]; STREAMS],
}

const TRUNCATED: &str = "ends in the middle of an item";

impl<'a> Reader<'a> {
    /// A reader of one stream of bytes (the payload around the section).
    fn single(bytes: &'a [u8]) -> Self {
        let mut streams: [&'a [u8]; STREAMS] = [&[]; STREAMS];
        streams[Stream::Counts as usize] = bytes;
        Reader { streams }
    }

    /// A reader of a section: the streams' lengths, then the streams.
    fn streams(section: &'a [u8]) -> Result<Self, String> {
        let mut head = Reader::single(section);
        let mut lengths = [0usize; STREAMS];
        for len in &mut lengths {
            *len = head.usize()?;
        }
        let mut rest = head.streams[Stream::Counts as usize];
        let mut streams: [&'a [u8]; STREAMS] = [&[]; STREAMS];
        for (stream, len) in streams.iter_mut().zip(lengths) {
            if len > rest.len() {
                return Err("a stream is longer than its section".into());
            }
            let (this, after) = rest.split_at(len);
            *stream = this;
            rest = after;
        }
        if !rest.is_empty() {
            return Err("bytes left over after the streams".into());
        }
        Ok(Reader { streams })
    }

    fn at_end(&self) -> bool {
        self.streams.iter().all(|s| s.is_empty())
    }

    fn remaining(&self) -> usize {
        self.streams.iter().map(|s| s.len()).sum()
    }

    fn varint(&mut self, stream: Stream) -> Result<u64, String> {
        let bytes = &mut self.streams[stream as usize];
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = bytes.split_first().ok_or(TRUNCATED)?;
            *bytes = rest;
            v |= u64::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number is too long".into())
    }

    fn usize(&mut self) -> Result<usize, String> {
        usize::try_from(self.varint(Stream::Counts)?).map_err(|_| "a number is out of range".to_string())
    }

    /// A count of items that follow; each takes at least one byte, so a count larger than the
    /// bytes left is damage, refused before anything is allocated for it.
    fn count(&mut self) -> Result<usize, String> {
        let n = self.usize()?;
        if n > self.remaining() {
            return Err(format!("a count of {n} items is larger than the file"));
        }
        Ok(n)
    }

    fn flag(&mut self) -> Result<u64, String> {
        self.varint(Stream::Flags)
    }

    fn item(&mut self) -> Result<u64, String> {
        self.varint(Stream::Items)
    }

    fn bool(&mut self) -> Result<bool, String> {
        match self.flag()? {
            0 => Ok(false),
            1 => Ok(true),
            v => Err(format!("{v} is not a flag")),
        }
    }

    fn take(&mut self, stream: Stream, n: usize) -> Result<&'a [u8], String> {
        let bytes = &mut self.streams[stream as usize];
        if n > bytes.len() {
            return Err(TRUNCATED.into());
        }
        let (out, rest) = bytes.split_at(n);
        *bytes = rest;
        Ok(out)
    }

    fn bytes(&mut self, stream: Stream) -> Result<&'a [u8], String> {
        let n = self.usize()?;
        self.take(stream, n)
    }

    fn str(&mut self, stream: Stream) -> Result<&'a str, String> {
        std::str::from_utf8(self.bytes(stream)?).map_err(|_| "a string is not UTF-8".to_string())
    }

    fn opt_bytes(&mut self) -> Result<Option<&'a str>, String> {
        match self.usize()? {
            0 => Ok(None),
            n => {
                let b = self.take(Stream::Table, n - 1)?;
                std::str::from_utf8(b).map(Some).map_err(|_| "a string is not UTF-8".to_string())
            }
        }
    }

    fn table(&mut self, table: &[String]) -> Result<String, String> {
        let k = self.varint(Stream::Strings)?;
        usize::try_from(k).ok().and_then(|k| table.get(k)).cloned().ok_or_else(|| format!("string {k} is not in the table"))
    }

    fn opt_table(&mut self, table: &[String]) -> Result<Option<String>, String> {
        match self.varint(Stream::Strings)? {
            0 => Ok(None),
            k => usize::try_from(k - 1).ok().and_then(|k| table.get(k)).cloned().map(Some).ok_or_else(|| format!("string {} is not in the table", k - 1)),
        }
    }

    fn span(&mut self, at: &mut usize) -> Result<Span, String> {
        let start = (*at as i64).checked_add(unzigzag(self.varint(Stream::Starts)?)).and_then(|s| usize::try_from(s).ok()).ok_or("a span starts before its text")?;
        let end = (start as i64).checked_add(unzigzag(self.varint(Stream::Lengths)?)).and_then(|e| usize::try_from(e).ok()).ok_or("a span ends before its text")?;
        *at = end;
        Ok(Span { start, end })
    }

    fn spans(&mut self, text_len: usize) -> Result<Vec<Span>, String> {
        let n = self.count()?;
        if n > text_len + 1 {
            return Err(format!("{n} spans in a text of {text_len} bytes"));
        }
        let mut out = Vec::with_capacity(n);
        let mut at = 0;
        for _ in 0..n {
            out.push(self.span(&mut at)?);
        }
        Ok(out)
    }

    fn indices(&mut self, last: &mut i64) -> Result<Vec<u32>, String> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        let mut previous = *last;
        for k in 0..n {
            previous = previous.checked_add(unzigzag(self.item()?)).ok_or("an index is out of range")?;
            out.push(u32::try_from(previous).map_err(|_| "an index is out of range".to_string())?);
            if k == 0 {
                *last = previous;
            }
        }
        Ok(out)
    }

    fn f64(&mut self) -> Result<f64, String> {
        let tag = self.varint(Stream::Numbers)?;
        if tag == 1 {
            let b = self.take(Stream::Numbers, 8)?;
            let mut bits = [0u8; 8];
            bits.copy_from_slice(b);
            return Ok(f64::from_bits(u64::from_le_bytes(bits)));
        }
        if tag & 1 != 0 {
            return Err(format!("{tag} is not a number"));
        }
        Ok(unzigzag(tag >> 1) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Article> {
        let meta = ArticleMeta { id: "a".into(), title: Some("Talks".into()), published: Some("2023-10-19".into()), ..Default::default() };
        let text = "Sergei Lavrov met Kim Jong-Un in Pyongyang on Thursday, TASS said. Over 1,000 containers were shipped in 2023, Lavrov said.";
        vec![Article::from_raw(meta, text), Article::from_raw(ArticleMeta { id: "b".into(), ..Default::default() }, "Türkiye’s envoy met Lavrov on Friday.")]
    }

    #[test]
    fn round_trips() {
        let articles = sample();
        assert_eq!(decode(&encode(&articles)).unwrap(), articles);
        assert_eq!(decode(&encode(&[])).unwrap(), vec![]);
    }

    /// Every byte of a payload changed in turn, and every prefix of it: each is read or refused
    /// with a reason, never a panic (the fuzz target `corpus_file` goes further).
    #[test]
    fn damaged_payloads_are_refused_without_panicking() {
        let payload = encode(&sample());
        for i in 0..payload.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = payload.clone();
                damaged[i] ^= flip;
                let _ = decode(&damaged);
            }
            assert!(decode(&payload[..i]).is_err());
        }
    }

    /// The analysis section is read from uncompressed bytes too: damage inside it, where
    /// DEFLATE's own checks cannot see, is refused as well.
    #[test]
    fn damaged_sections_are_refused_without_panicking() {
        let articles = sample();
        let payload = encode(&articles);
        let mut outer = Reader::single(&payload);
        let (count, len) = (outer.usize().unwrap(), outer.usize().unwrap());
        let section = inflate_exact(&mut DecompressorOxide::default(), outer.bytes(Stream::Counts).unwrap(), len).unwrap();
        let texts: Vec<&[u8]> = (0..count).map(|_| outer.bytes(Stream::Counts).unwrap()).collect();
        let frame = |section: &[u8]| {
            let mut w = Writer::default();
            w.usize(count);
            w.usize(section.len());
            w.bytes(Stream::Counts, &compress_to_vec(section, 1));
            for t in &texts {
                w.bytes(Stream::Counts, t);
            }
            std::mem::take(&mut w.streams[Stream::Counts as usize])
        };
        assert_eq!(decode(&frame(&section)).unwrap(), articles);
        for i in 0..section.len() {
            for v in [0u8, 1, 2, 7, 0x7f, 0x80, 0xff] {
                let mut damaged = section.clone();
                damaged[i] = v;
                let _ = decode(&frame(&damaged));
            }
        }
    }
}
