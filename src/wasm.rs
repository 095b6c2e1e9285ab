//! WebAssembly bindings: signatures and conversions only; the work happens in [`crate::engine`].
//!
//! Every entry returns `Result<_, JsValue>` with a JS `Error` on failure. The release build aborts
//! on panic (wasm has no unwinding here), which kills the instance; the engine is written not to
//! panic, and the JS side re-creates the instance if it ever traps.

use wasm_bindgen::prelude::*;

use crate::corpus::ArticleMeta;
use crate::engine::{AnnotateOptions, Engine as CoreEngine, TextFormat};

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
    pub fn annotate(&self, text: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options: AnnotateOptions = if options.is_undefined() || options.is_null() {
            AnnotateOptions::default()
        } else {
            annotate_options(&options).map_err(|e| error(format!("invalid options: {e}")))?
        };
        to_js(&self.inner.annotate(text, &options))
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
