//! WebAssembly bindings: signatures and conversions only; the work happens in [`crate::engine`].
//!
//! Every entry returns `Result<_, JsValue>` with a JS `Error` on failure. The release build aborts
//! on panic (wasm has no unwinding here), which kills the instance; the engine is written not to
//! panic, and the JS side re-creates the instance if it ever traps.

use wasm_bindgen::prelude::*;

use crate::claims::Slots;
use crate::corpus::ArticleMeta;
use crate::engine::{AnnotateOptions, Annotated, Engine as CoreEngine, TextFormat};

/// Runs once when the module is instantiated: a panic (a bug: the engine is written not to
/// panic) is reported on the console with its message and location before the instance
/// aborts, so the extension's log says what happened; the JS side then resets the instance
/// and carries on with the next page.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("ClaimLens engine panicked: {info}").into());
    }));
}

/// An engine with a loaded corpus.
#[wasm_bindgen]
pub struct Engine {
    inner: CoreEngine,
}

fn error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

// The objects JS passes in are read field by field rather than with serde-wasm-bindgen's
// deserializer: that deserializer, and serde's messages for a value of the wrong type (which
// print numbers, so Rust's float formatting came along), were 13 kB of the gzipped module.
// They accept and refuse what serde did: a field may be absent or `undefined`, an optional one
// also `null`; unknown fields are ignored; a value of the wrong type is an error.

/// `object[key]`, `None` when it is absent or `undefined`.
fn field(object: &JsValue, key: &str) -> Result<Option<JsValue>, String> {
    if !object.is_object() {
        return Err("expected an object".into());
    }
    let value = js_sys::Reflect::get(object, &JsValue::from_str(key)).map_err(|_| format!("{key}: cannot be read"))?;
    Ok((!value.is_undefined()).then_some(value))
}

fn string_field(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    field(object, key)?.map(|value| expect_string(value, key)).transpose()
}

fn optional_string_field(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    field(object, key)?.filter(|value| !value.is_null()).map(|value| expect_string(value, key)).transpose()
}

fn expect_string(value: JsValue, key: &str) -> Result<String, String> {
    value.as_string().ok_or_else(|| format!("{key}: expected a string"))
}

/// `annotate`'s options: `{published?, exclude?}`.
fn annotate_options(object: &JsValue) -> Result<AnnotateOptions, String> {
    let exclude = match field(object, "exclude")? {
        Some(list) if js_sys::Array::is_array(&list) => {
            js_sys::Array::from(&list).iter().map(|id| id.as_string().ok_or_else(|| "exclude: expected strings".to_string())).collect::<Result<_, _>>()?
        }
        Some(_) => return Err("exclude: expected an array of article ids".into()),
        None => Vec::new(),
    };
    Ok(AnnotateOptions { published: optional_string_field(object, "published")?, exclude })
}

/// `addArticle`'s metadata: every field may be left out (an empty id is made from the URL).
fn new_article(object: &JsValue) -> Result<(ArticleMeta, TextFormat), String> {
    let meta = ArticleMeta {
        id: string_field(object, "id")?.unwrap_or_default(),
        title: optional_string_field(object, "title")?,
        outlet: optional_string_field(object, "outlet")?,
        url: optional_string_field(object, "url")?,
        published: optional_string_field(object, "published")?,
        added: optional_string_field(object, "added")?,
    };
    let format = match string_field(object, "format")?.as_deref() {
        None | Some("text") => TextFormat::Text,
        Some("markdown") => TextFormat::Markdown,
        Some(_) => return Err("format: expected \"text\" or \"markdown\"".into()),
    };
    Ok((meta, format))
}

// `annotate`'s answer is built by hand rather than with serde-wasm-bindgen, which was about a
// third of a call in V8: each key has a setter of its own (`object.start = value`), so V8 sees
// one key and a few object shapes at each store rather than every key and shape at one keyed
// store; a string that repeats (entity ids, stems, kinds) is made once per call; the texts of
// entities, times, quantities and claims are slices of the page's own JS string, not copies
// decoded from wasm memory. The objects are the ones serde-wasm-bindgen made
// (`json_compatible`): the same keys in the same order, `null` for an absent optional value,
// and no key where serde skips one.

/// Declares a setter per key of `annotate`'s objects and [`Key`] to name them.
macro_rules! keys {
    ($($key:ident $name:literal $setter:ident,)*) => {
        #[wasm_bindgen]
        extern "C" {
            /// A plain JS object.
            type Fields;
            $(
                #[wasm_bindgen(method, setter = $name)]
                fn $setter(this: &Fields, value: &JsValue);
            )*
        }

        #[derive(Clone, Copy)]
        enum Key {
            $($key,)*
        }

        impl Fields {
            fn set(&self, key: Key, value: &JsValue) {
                match key {
                    $(Key::$key => self.$setter(value),)*
                }
            }
        }
    };
}

keys! {
    Entities "entities" set_entities,
    Times "times" set_times,
    Quantities "quantities" set_quantities,
    Claims "claims" set_claims,
    Start "start" set_start,
    End "end" set_end,
    Text "text" set_text,
    Kind "kind" set_kind,
    Id "id" set_id,
    Role "role" set_role,
    Value "value" set_value,
    Modifier "modifier" set_modifier,
    Unit "unit" set_unit,
    Hedge "hedge" set_hedge,
    Vague "vague" set_vague,
    Slots "slots" set_slots,
    Links "links" set_links,
    Who "who" set_who,
    What "what" set_what,
    Quoted "quoted" set_quoted,
    When "when" set_when,
    Where "where" set_where,
    HowMany "how_many" set_how_many,
    Attribution "attribution" set_attribution,
    Certainty "certainty" set_certainty,
    Entity "entity" set_entity,
    Weekday "weekday" set_weekday,
    Anchored "anchored" set_anchored,
}

/// Builds `annotate`'s objects for one call.
struct Writer<'a> {
    strings: foldhash::HashMap<&'a str, JsValue>,
    /// The page's JS string, when slices of it are the texts Rust read.
    page: Option<&'a js_sys::JsString>,
}

impl<'a> Writer<'a> {
    fn object(&self) -> Fields {
        js_sys::Object::new().unchecked_into()
    }

    fn set(&self, object: &Fields, key: Key, value: &JsValue) {
        object.set(key, value);
    }

    /// A string that may repeat in the answer, made once.
    fn string(&mut self, s: &'a str) -> &JsValue {
        self.strings.entry(s).or_insert_with(|| JsValue::from_str(s))
    }

    fn set_str(&mut self, object: &Fields, key: Key, s: &'a str) {
        object.set(key, self.string(s));
    }

    fn set_opt_str(&mut self, object: &Fields, key: Key, s: Option<&'a str>) {
        match s {
            Some(s) => self.set_str(object, key, s),
            None => self.set(object, key, &JsValue::NULL),
        }
    }

    /// `start`, `end` (UTF-16 offsets) and `text`, the page's text between them.
    fn set_slice(&self, object: &Fields, (start, end): (usize, usize), text: &str) {
        self.set(object, Key::Start, &JsValue::from(start as f64));
        self.set(object, Key::End, &JsValue::from(end as f64));
        let text = match self.page {
            Some(page) => page.substring(start as u32, end as u32).into(),
            None => JsValue::from_str(text),
        };
        self.set(object, Key::Text, &text);
    }

    fn strings(&mut self, list: &'a [String]) -> js_sys::Array {
        let array = js_sys::Array::new();
        for s in list {
            array.push(self.string(s));
        }
        array
    }
}

fn numbers(list: &[u32]) -> js_sys::Array {
    let array = js_sys::Array::new();
    for &n in list {
        array.push(&JsValue::from(n));
    }
    array
}

fn annotation_to_js(annotated: &Annotated<'_>, page: Option<&js_sys::JsString>) -> Result<JsValue, JsValue> {
    let mut w = Writer { strings: foldhash::HashMap::default(), page };
    let text = annotated.text;
    let entities = js_sys::Array::new();
    for e in &annotated.page.entities {
        let o = w.object();
        w.set_slice(&o, annotated.utf16(e.span), e.span.of(text));
        w.set_str(&o, Key::Kind, e.kind.as_str());
        w.set_str(&o, Key::Id, &e.id);
        if let Some(role) = &e.role {
            w.set_str(&o, Key::Role, role);
        }
        entities.push(&o);
    }
    let times = js_sys::Array::new();
    for t in &annotated.page.times {
        let o = w.object();
        w.set_slice(&o, annotated.utf16(t.span), t.span.of(text));
        w.set_str(&o, Key::Kind, t.kind.as_str());
        w.set_str(&o, Key::Value, &t.value);
        if let Some(modifier) = &t.modifier {
            w.set_str(&o, Key::Modifier, modifier);
        }
        times.push(&o);
    }
    let quantities = js_sys::Array::new();
    for q in &annotated.page.quantities {
        let o = w.object();
        w.set_slice(&o, annotated.utf16(q.span), q.span.of(text));
        w.set(&o, Key::Value, &JsValue::from(q.value));
        w.set_opt_str(&o, Key::Unit, q.unit.as_deref());
        w.set_opt_str(&o, Key::Hedge, q.hedge.as_deref());
        w.set(&o, Key::Vague, &JsValue::from(q.vague));
        quantities.push(&o);
    }
    let claims = js_sys::Array::new();
    for (c, links) in annotated.page.claims.iter().zip(&annotated.links) {
        let o = w.object();
        w.set_slice(&o, annotated.utf16(c.span), c.span.of(text));
        w.set(&o, Key::Entities, &numbers(&c.entities));
        w.set(&o, Key::Times, &numbers(&c.times));
        w.set(&o, Key::Quantities, &numbers(&c.quantities));
        let slots = slots_to_js(&mut w, &c.slots);
        w.set(&o, Key::Slots, &slots);
        let array = js_sys::Array::new();
        for link in links {
            array.push(&to_js(link)?);
        }
        w.set(&o, Key::Links, &array);
        claims.push(&o);
    }
    let o = w.object();
    w.set(&o, Key::Entities, &entities);
    w.set(&o, Key::Times, &times);
    w.set(&o, Key::Quantities, &quantities);
    w.set(&o, Key::Claims, &claims);
    Ok(o.into())
}

fn slots_to_js<'a>(w: &mut Writer<'a>, slots: &'a Slots) -> Fields {
    let who = js_sys::Array::new();
    for a in &slots.who {
        let o = w.object();
        w.set_str(&o, Key::Id, &a.id);
        w.set(&o, Key::Entity, &JsValue::from(a.entity));
        w.set_opt_str(&o, Key::Role, a.role.as_deref());
        who.push(&o);
    }
    let when = js_sys::Array::new();
    for t in &slots.when {
        let o = w.object();
        w.set_str(&o, Key::Value, &t.value);
        w.set_str(&o, Key::Text, &t.text);
        w.set(&o, Key::Weekday, &t.weekday.map_or(JsValue::NULL, JsValue::from));
        w.set(&o, Key::Anchored, &JsValue::from(t.anchored));
        when.push(&o);
    }
    let places = js_sys::Array::new();
    for p in &slots.places {
        let o = w.object();
        w.set_str(&o, Key::Id, &p.id);
        w.set_str(&o, Key::Text, &p.text);
        places.push(&o);
    }
    let amounts = js_sys::Array::new();
    for a in &slots.amounts {
        let o = w.object();
        w.set(&o, Key::Value, &JsValue::from(a.value));
        w.set_opt_str(&o, Key::Unit, a.unit.as_deref());
        w.set_opt_str(&o, Key::Hedge, a.hedge.as_deref());
        w.set(&o, Key::Vague, &JsValue::from(a.vague));
        w.set_str(&o, Key::Text, &a.text);
        amounts.push(&o);
    }
    let o = w.object();
    w.set(&o, Key::Who, &who);
    let what = w.strings(&slots.what);
    w.set(&o, Key::What, &what);
    let quoted = w.strings(&slots.quoted);
    w.set(&o, Key::Quoted, &quoted);
    w.set(&o, Key::When, &when);
    w.set(&o, Key::Where, &places);
    w.set(&o, Key::HowMany, &amounts);
    w.set_opt_str(&o, Key::Attribution, slots.attribution.as_deref());
    w.set_str(&o, Key::Certainty, slots.certainty.as_str());
    o
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(error)
}

#[wasm_bindgen]
impl Engine {
    /// Loads a compiled corpus file (the bytes of `claimlens corpus build`'s output).
    #[wasm_bindgen(constructor)]
    pub fn new(corpus: &[u8]) -> Result<Engine, JsValue> {
        CoreEngine::from_corpus_bytes(corpus).map(|inner| Engine { inner }).map_err(error)
    }

    /// Annotates a page's text. `options`: `{published?: "YYYY-MM-DD", exclude?: [articleId]}`.
    pub fn annotate(&self, text: js_sys::JsString, options: JsValue) -> Result<JsValue, JsValue> {
        let options: AnnotateOptions = if options.is_undefined() || options.is_null() {
            AnnotateOptions::default()
        } else {
            annotate_options(&options).map_err(|e| error(format!("invalid options: {e}")))?
        };
        let rust_text = text.as_string().ok_or_else(|| error("text: expected a string"))?;
        let annotated = self.inner.annotated(&rust_text, &options);
        // A lone surrogate in the page's string reached Rust as U+FFFD (one UTF-16 unit, like
        // the surrogate): there, slices of the JS string would not be what Rust read.
        let page = (!rust_text.contains('\u{FFFD}')).then_some(&text);
        annotation_to_js(&annotated, page)
    }

    /// The corpus articles' metadata.
    pub fn articles(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.articles())
    }

    /// One corpus article with its text.
    pub fn article(&self, id: &str) -> Result<JsValue, JsValue> {
        match self.inner.article(id) {
            Some(article) => to_js(&article),
            None => Err(error(format!("no article with id {id:?} in the corpus"))),
        }
    }

    /// Adds an article to the reader's corpus and indexes it at once. `meta`: `{id?, title?,
    /// outlet?, url?, published?: "YYYY-MM-DD", added?, format?: "text" | "markdown"}`.
    /// Returns the article's listing (with its id).
    #[wasm_bindgen(js_name = addArticle)]
    pub fn add_article(&mut self, meta: JsValue, text: &str) -> Result<JsValue, JsValue> {
        let (meta, format) = new_article(&meta).map_err(|e| error(format!("invalid article metadata: {e}")))?;
        to_js(&self.inner.add_article(meta, text, format).map_err(error)?)
    }

    /// Removes one of the reader's articles (bundled ones cannot be removed).
    #[wasm_bindgen(js_name = removeArticle)]
    pub fn remove_article(&mut self, id: &str) -> Result<(), JsValue> {
        self.inner.remove_article(id).map_err(error)
    }

    /// Removes all of the reader's articles.
    #[wasm_bindgen(js_name = clearPersonal)]
    pub fn clear_personal(&mut self) {
        self.inner.clear_personal();
    }

    /// The reader's articles' metadata, in the order they were added.
    #[wasm_bindgen(js_name = personalArticles)]
    pub fn personal_articles(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.personal_articles())
    }

    /// All the reader's articles as one compiled corpus file (the export).
    #[wasm_bindgen(js_name = personalBytes)]
    pub fn personal_bytes(&self) -> Vec<u8> {
        self.inner.personal_bytes()
    }

    /// One of the reader's articles as a compiled corpus file of its own.
    #[wasm_bindgen(js_name = articleBytes)]
    pub fn article_bytes(&self, id: &str) -> Result<Vec<u8>, JsValue> {
        self.inner.article_bytes(id).map_err(error)
    }

    /// Adds the articles of a compiled corpus file to the reader's corpus, all or nothing.
    /// Returns their listings.
    #[wasm_bindgen(js_name = loadPersonal)]
    pub fn load_personal(&mut self, bytes: &[u8]) -> Result<JsValue, JsValue> {
        to_js(&self.inner.load_personal(bytes).map_err(error)?)
    }
}
